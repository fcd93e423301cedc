"""The verbs of the product. Views, API views and Celery tasks call these."""
