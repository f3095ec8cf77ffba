from django.conf import settings

ELDER_COOKIE = "elder_mode"


def site(request):
    elder = request.COOKIES.get(ELDER_COOKIE) == "1"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "elder_mode", False):
        elder = True
    return {"SITE_NAME": settings.SITE_NAME, "elder_mode": elder}
