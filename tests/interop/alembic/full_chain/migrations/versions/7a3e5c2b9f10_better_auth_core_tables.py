"""better_auth_core_tables — Better Auth's tables as its migrator makes them (better-auth.md §11.2)

Revision ID: 7a3e5c2b9f10
Revises: e58d1bdc4ddb
"""
from alembic import op
import sqlalchemy as sa

revision = "7a3e5c2b9f10"
down_revision = "e58d1bdc4ddb"
branch_labels = None
depends_on = None

DATE = sa.DateTime(timezone=True).with_variant(sa.Date(), "sqlite")
BOOL = sa.Boolean().with_variant(sa.Integer(), "sqlite")


def _now():
    if op.get_bind().dialect.name == "sqlite":
        return None
    return sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False, unique=True),
        sa.Column("emailVerified", BOOL, nullable=False),
        sa.Column("image", sa.Text()),
        sa.Column("createdAt", DATE, nullable=False, server_default=_now()),
        sa.Column("updatedAt", DATE, nullable=False, server_default=_now()),
    )
    op.create_table(
        "session",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("expiresAt", DATE, nullable=False),
        sa.Column("token", sa.Text(), nullable=False, unique=True),
        sa.Column("createdAt", DATE, nullable=False, server_default=_now()),
        sa.Column("updatedAt", DATE, nullable=False),
        sa.Column("ipAddress", sa.Text()),
        sa.Column("userAgent", sa.Text()),
        sa.Column("userId", sa.Text(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("accountId", sa.Text(), nullable=False),
        sa.Column("providerId", sa.Text(), nullable=False),
        sa.Column("userId", sa.Text(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("accessToken", sa.Text()),
        sa.Column("refreshToken", sa.Text()),
        sa.Column("idToken", sa.Text()),
        sa.Column("accessTokenExpiresAt", DATE),
        sa.Column("refreshTokenExpiresAt", DATE),
        sa.Column("scope", sa.Text()),
        sa.Column("password", sa.Text()),
        sa.Column("createdAt", DATE, nullable=False, server_default=_now()),
        sa.Column("updatedAt", DATE, nullable=False),
    )
    op.create_table(
        "verification",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expiresAt", DATE, nullable=False),
        sa.Column("createdAt", DATE, nullable=False, server_default=_now()),
        sa.Column("updatedAt", DATE, nullable=False, server_default=_now()),
    )
    op.create_index("session_userId_idx", "session", ["userId"])
    op.create_index("account_userId_idx", "account", ["userId"])
    op.create_index("verification_identifier_idx", "verification", ["identifier"])


def downgrade() -> None:
    op.drop_table("verification")
    op.drop_table("account")
    op.drop_table("session")
    op.drop_table("user")
