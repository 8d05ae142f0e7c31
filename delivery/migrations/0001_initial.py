# The delivery app's first migration: the engine's and the subscriptions' tables follow it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
