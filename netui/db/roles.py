"""Privacy inside a team, enforced by PostgreSQL: one login role per member, and
row-level security on each member's own tables.

A member's ledger (``exchange``), meetings and worksheets (``meeting``) and goals
(``goal``) are visible only to that member unless marked ``shared``; their touches,
snoozes, private notes (``private_note``, schema 8), undo steps and the rows their
deletes took out (``undo_step``, ``trash``) only to them. Relationships
(``relationship``: closeness, cadence) are read by the whole team, since "who among
us can introduce us" ranks every member's routes by their closeness, and written only
by their member; nothing private is in them. The policies say so in the database itself, so a
member connected as their own role cannot read another's private rows with plain
SQL (psql), whatever netui does. Everyone writes only rows of their own. The
team's shared data (contacts, ties, goods, tags and their links) is open to every
member.

Who is "me" is the connected role: ``member.db_role = current_user``
(:data:`ME`). The role that owns the tables (the one that created the database's
schema) administers it and is not held by the policies; members connect as their
own roles. Only a role allowed to create roles (``CREATEROLE``) can add a member's.

:func:`install_policies` runs when netui creates or upgrades a PostgreSQL
database; :func:`create_member_role` is what ``netui team add-member`` calls on a
server. Nothing here applies to an SQLite file. No Textual here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from peewee import PostgresqlDatabase

from netui.db.errors import StorageError
from netui.db.keepers import install_keepers_function, keepers_function_installed

#: The member at the keyboard, as SQL: the member whose login role is connected.
ME = "(SELECT m.id FROM member m WHERE m.db_role = current_user)"

#: Tables whose rows are one member's, private unless ``shared``.
SHAREABLE = ("exchange", "meeting", "goal")
#: Tables whose rows are one member's and never shown to the others.
OWN_ONLY = ("touch", "snooze", "private_note", "undo_step", "trash")
#: Tables whose rows are one member's, read by the whole team.
TEAM_READ = ("relationship",)
#: Tables the members read but only the administrator changes.
READ_ONLY = ("member", "netui_schema")
#: The policies' name, so installing them again replaces them.
POLICY_PREFIX = "netui_"

_ROLE_CHARS = re.compile(r"[^a-z0-9_]+")
MAX_ROLE = 63  # PostgreSQL's identifiers


def on_server(db: Any) -> bool:
    return isinstance(db, PostgresqlDatabase)


def quote_identifier(name: str) -> str:
    """``name`` as a PostgreSQL identifier, whatever it holds."""
    return '"' + name.replace('"', '""') + '"'


def role_name_for(member_name: str, member_id: int) -> str:
    """A login role for a member: ``netui_`` and their name in lower-case ASCII
    (``Dana Lévi`` -> ``netui_dana_levi``), or ``netui_member_<id>`` when nothing of
    the name is left (a name in Hebrew)."""
    ascii_name = unicodedata.normalize("NFKD", member_name).encode("ascii", "ignore").decode()
    slug = _ROLE_CHARS.sub("_", ascii_name.lower()).strip("_")
    return f"netui_{slug}"[:MAX_ROLE] if slug else f"netui_member_{member_id}"


def _tables(db: Any) -> set[str]:
    return set(db.get_tables())


def policies_installed(db: Any) -> bool:
    """Whether every member table there is already carries netui's policies (a table
    a later schema added has none until the owner's next open installs them), and
    the function that says who else keeps a contact (:mod:`netui.db.keepers`) is there."""
    if "member" in _tables(db) and not keepers_function_installed(db):
        return False
    wanted = _tables(db) & {*SHAREABLE, *OWN_ONLY, *TEAM_READ}
    rows = db.execute_sql(
        "SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = current_schema() "
        "AND policyname LIKE %s",
        (POLICY_PREFIX + "%",),
    ).fetchall()
    return wanted <= {name for (name,) in rows}


def install_policies(db: Any) -> bool:
    """Switch on row-level security on the member tables, with netui's policies
    (again, replacing them, if they are there). Returns whether anything was done:
    nothing on SQLite or before the database has members (schema 7)."""
    if not on_server(db):
        return False
    tables = _tables(db)
    if "member" not in tables:
        return False
    with db.atomic():
        for table in (*SHAREABLE, *OWN_ONLY, *TEAM_READ):
            if table not in tables:
                continue
            name = quote_identifier(table)
            visible = f"member_id = {ME}" + (" OR shared" if table in SHAREABLE else "")
            if table in TEAM_READ:
                visible = "true"
            statements = [
                f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS {POLICY_PREFIX}read ON {name}",
                f"DROP POLICY IF EXISTS {POLICY_PREFIX}write ON {name}",
                f"DROP POLICY IF EXISTS {POLICY_PREFIX}change ON {name}",
                f"DROP POLICY IF EXISTS {POLICY_PREFIX}remove ON {name}",
                f"CREATE POLICY {POLICY_PREFIX}read ON {name} FOR SELECT USING ({visible})",
                f"CREATE POLICY {POLICY_PREFIX}write ON {name} FOR INSERT "
                f"WITH CHECK (member_id = {ME})",
                f"CREATE POLICY {POLICY_PREFIX}change ON {name} FOR UPDATE "
                f"USING (member_id = {ME}) WITH CHECK (member_id = {ME})",
                f"CREATE POLICY {POLICY_PREFIX}remove ON {name} FOR DELETE "
                f"USING (member_id = {ME})",
            ]
            for statement in statements:
                db.execute_sql(statement)
        install_keepers_function(db)
        _grant_members_again(db)
    return True


def _grant_members_again(db: Any) -> None:
    """Every member's role its rights again, on tables a later schema added too."""
    roles = db.execute_sql(
        "SELECT m.db_role FROM member m JOIN pg_roles r ON r.rolname = m.db_role"
        " WHERE m.db_role <> '' ORDER BY m.id"
    ).fetchall()
    for (role,) in roles:
        _grant_member(db, role)


def _grant_member(db: Any, role: str) -> None:
    """What every member may do: use the database, read and write the team's tables
    (the policies then limit the member tables), read the members and the version."""
    quoted = quote_identifier(role)
    (database_name,) = db.execute_sql("SELECT current_database()").fetchone()
    db.execute_sql(f"GRANT CONNECT ON DATABASE {quote_identifier(database_name)} TO {quoted}")
    db.execute_sql(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    for table in sorted(_tables(db)):
        rights = "SELECT" if table in READ_ONLY else "SELECT, INSERT, UPDATE, DELETE"
        db.execute_sql(f"GRANT {rights} ON {quote_identifier(table)} TO {quoted}")
    # UPDATE: setval, to move a sequence past rows an undo or an import put back.
    db.execute_sql(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    # Tables and sequences a later netui adds (a migration run by this same role).
    db.execute_sql(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {quoted}"
    )
    db.execute_sql(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
        f"TO {quoted}"
    )


def create_member_role(
    db: Any, member_id: int, member_name: str, *, role: str | None = None,
    password: str | None = None,
) -> str:  # fmt: skip
    """Give the member ``member_id`` a login role of their own on the server (made if
    it does not exist; ``role`` or :func:`role_name_for`), grant it a member's rights
    and record it as the member's ``db_role``. Returns the role's name. Raises
    :class:`StorageError` (one sentence) when the connected role may not create
    roles. On SQLite, does nothing and returns ``""``."""
    if not on_server(db):
        return ""
    import psycopg
    import psycopg.sql

    role = role or role_name_for(member_name, member_id)
    quoted = quote_identifier(role)
    try:
        with db.atomic():
            exists = db.execute_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
            ).fetchone()
            if exists is None:
                db.execute_sql(f"CREATE ROLE {quoted} LOGIN")
            if password:  # a utility statement takes no parameters: quoted here
                statement = psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    psycopg.sql.Identifier(role), psycopg.sql.Literal(password)
                )
                db.execute_sql(statement.as_string(db.connection()))
            _grant_member(db, role)
            db.execute_sql(
                "UPDATE member SET db_role = %s WHERE id = %s", (role, member_id)
            )
            install_policies(db)
    except Exception as error:
        original = error.__cause__ or error
        if isinstance(original, psycopg.errors.InsufficientPrivilege) or (
            "permission denied" in str(error)
        ):
            raise StorageError(
                f"Cannot give {member_name} a role of their own on this server: the role "
                "netui is connected as may not create roles (CREATEROLE); ask the "
                "database's administrator to add the member."
            ) from None
        raise
    return role
