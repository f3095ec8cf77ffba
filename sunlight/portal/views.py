from django.http import JsonResponse


def healthz(request):
    return JsonResponse({"status": "ok"})


def home(request):
    raise NotImplementedError


def toggle_elder_mode(request):
    raise NotImplementedError


def module_placeholder(request, module):
    raise NotImplementedError
