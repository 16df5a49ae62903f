from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "userhub-admin"  # noqa: S105  (development only; refused outside DEBUG)


class Command(BaseCommand):
    help = "Create the development admin account (admin / userhub-admin). Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The development admin account is only created when DEBUG is on.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=USERNAME,
            defaults={"email": "admin@userhub.example", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            self.stdout.write(f"Created the development admin account {USERNAME}.")
        else:
            self.stdout.write(f"The development admin account {USERNAME} already exists.")
