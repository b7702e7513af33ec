import os

from django.core.wsgi import get_wsgi_application

from gonghui.cli import restrict_file_modes

# Before the settings load: they create the data directory. (`gonghui serve` has done it already;
# this covers a WSGI server started on its own.)
restrict_file_modes()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()
