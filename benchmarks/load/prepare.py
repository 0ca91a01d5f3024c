"""The accounts and forum topics the load run signs in with and replies to.

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=cms.settings.production ... \\
        .venv/bin/python benchmarks/load/prepare.py --members 50 --editors 5

Members are ``load-member-N@load.example`` and editors ``load-editor-N`` (in the
Editors and Moderators groups, so that they may publish), all with the password
``PASSWORD``. Idempotent: existing accounts are kept. Each forum category gets a
topic to reply to when it has none.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "load-run-password-2026"  # noqa: S105 - throwaway accounts on loopback


def member_email(n: int) -> str:
    return f"load-member-{n}@load.example"


def editor_name(n: int) -> str:
    return f"load-editor-{n}"


def prepare(members: int = 50, editors: int = 5) -> None:
    """Create what is missing (call with Django set up)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from community.models import ForumCategory, Member, Topic

    User = get_user_model()
    joined = timezone.now() - datetime.timedelta(days=90)
    for n in range(members):
        email = member_email(n)
        user = User.objects.filter(username=email.split("@")[0]).first()
        if user is None:
            user = User.objects.create_user(
                username=email.split("@")[0], email=email, password=PASSWORD
            )
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        Member.objects.get_or_create(
            user=user,
            defaults={"display_name": f"Membre de càrrega {n}", "created_at": joined},
        )
    groups = Group.objects.filter(name__in=("Editors", "Moderators"))
    for n in range(editors):
        user = User.objects.filter(username=editor_name(n)).first()
        if user is None:
            user = User.objects.create_user(
                username=editor_name(n),
                email=f"{editor_name(n)}@load.example",
                password=PASSWORD,
            )
        user.groups.add(*groups)
    author = Member.objects.get(user__username=member_email(0).split("@")[0])
    for category in ForumCategory.objects.all():
        if not Topic.objects.filter(category=category).exists():
            Topic.objects.create(
                category=category,
                author=author,
                title="Com ho feu per mesurar l'estalvi?",
                body="Expliqueu-nos com compteu les hores estalviades.",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    prepare(args.members, args.editors)
    print(f"{args.members} members and {args.editors} editors ready.")


if __name__ == "__main__":
    main()
