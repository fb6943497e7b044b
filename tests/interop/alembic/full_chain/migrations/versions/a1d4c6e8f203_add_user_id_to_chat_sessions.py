"""add_user_id_to_chat_sessions — as the seed's team would write it (batch mode, for SQLite)

Revision ID: a1d4c6e8f203
Revises: 7a3e5c2b9f10
"""
from alembic import op
import sqlalchemy as sa

revision = "a1d4c6e8f203"
down_revision = "7a3e5c2b9f10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite cannot ALTER a constraint in, so Alembic's batch mode rebuilds the table there;
    # on PostgreSQL batch mode issues plain ALTERs.
    with op.batch_alter_table("chat_sessions") as batch:
        batch.add_column(sa.Column("user_id", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_chat_sessions_user_id_user", "user", ["user_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index("ix_chat_sessions_user_id", ["user_id"])


def downgrade() -> None:
    with op.batch_alter_table("chat_sessions") as batch:
        batch.drop_index("ix_chat_sessions_user_id")
        batch.drop_constraint("fk_chat_sessions_user_id_user", type_="foreignkey")
        batch.drop_column("user_id")
