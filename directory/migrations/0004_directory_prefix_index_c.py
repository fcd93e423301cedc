from django.db import migrations


class Migration(migrations.Migration):
    """The prefix index in C collation: a prefix LIKE is then a range of it and ORDER BY the
    upper-cased name reads it in order, so LIMIT 10 stops after ten rows (text_pattern_ops
    could not serve the ORDER BY: every match was sorted)."""

    dependencies = [("directory", "0003_merge_0002_directory_sync_0002_sec_csv_import")]

    operations = [
        migrations.RunSQL(
            [
                "DROP INDEX IF EXISTS directory_name_prefix",
                "CREATE INDEX directory_name_prefix ON directory_directoryentry "
                '(organization_id, kind, (UPPER(name::text) COLLATE "C"))',
            ],
            [
                "DROP INDEX IF EXISTS directory_name_prefix",
                "CREATE INDEX directory_name_prefix ON directory_directoryentry "
                "(organization_id, kind, (UPPER(name::text)) text_pattern_ops)",
            ],
        ),
    ]
