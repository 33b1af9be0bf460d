"""The application: settings, curriculum, store and plan, and every use case once (`App`)."""
