"""The app's own URLs plus the bare "hello" view the benchmark compares pages with.

Used by the benchmark (through override_settings) and by the load test's own gunicorn on
loopback (`make loadtest`); never by `make run` or `make serve`."""

from django.urls import include, path

from .measure import HELLO_PATH, hello

urlpatterns = [
    path(HELLO_PATH.strip("/") + "/", hello, name="bench-hello"),
    path("", include("config.urls")),
]
