"""The read-only open-data API under ``/api/v1/`` (django-ninja): ``v1.py`` holds the
routes, ``schemas.py`` what each object looks like, ``pagination.py`` the pages with
their licence notice and ``cors.py`` the cross-origin headers."""
