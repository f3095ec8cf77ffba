def home(request):
    raise NotImplementedError


def login_view(request):
    raise NotImplementedError


def logout_view(request):
    raise NotImplementedError
