"""create_rate_limit — Better Auth's rateLimit table

Revision ID: d4a7f9b1c536
Revises: c3f6e8a0b425
"""
from alembic import op
import sqlalchemy as sa

revision = "d4a7f9b1c536"
down_revision = "c3f6e8a0b425"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rateLimit",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("key", sa.Text(), nullable=False, unique=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("lastRequest", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rateLimit")
