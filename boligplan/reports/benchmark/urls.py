"""The app's own URLs plus the bare "hello" view the benchmark compares pages with. Used only by
the benchmark (through override_settings), never served."""

from django.urls import include, path

from .measure import HELLO_PATH, hello

urlpatterns = [
    path(HELLO_PATH.strip("/") + "/", hello, name="bench-hello"),
    path("", include("config.urls")),
]
