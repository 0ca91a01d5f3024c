"""``manage.py create_demo_admin``: a superuser to try the admin of a demo site."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' for a demo site, or reset it if it exists "
        "(password, active, staff and superuser flags), and print the credentials "
        f"and the admin URL ({ADMIN_URL}). The password is random unless given "
        "with --password. Refuses to run when DEBUG is off unless --force: this "
        "command prints a password, which a production log must not keep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Default: admin.")
        parser.add_argument(
            "--password", help="Password to set (default: a new random one)."
        )
        parser.add_argument(
            "--email",
            default="admin@example.org",
            help="Email of the user (default: admin@example.org).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a real site. Use "
                "'manage.py createsuperuser', or --force for a throwaway one."
            )
        password = options["password"] or secrets.token_urlsafe(12)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            **{User.USERNAME_FIELD: options["username"]},
            defaults={"email": options["email"]},
        )
        user.is_active = user.is_staff = user.is_superuser = True
        if not user.email:
            user.email = options["email"]
        # Wagtail's account page requires both names: without them, switching the
        # admin's language there is refused until the editor types a name.
        user.first_name = user.first_name or "Demo"
        user.last_name = user.last_name or "Admin"
        user.set_password(password)
        user.save()
        action = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{action} the superuser."))
        self.stdout.write(f"  Admin:    {ADMIN_URL}")
        self.stdout.write(f"  Username: {options['username']}")
        self.stdout.write(f"  Password: {password}")
