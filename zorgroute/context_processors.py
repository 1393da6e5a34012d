from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, object]:
    ctx = getattr(request, "tenant", None)
    return {"tenant": ctx, "school": ctx.school if ctx else None}
