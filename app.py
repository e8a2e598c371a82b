"""Run the ShareCheck web app: ``python app.py`` (same as ``sharecheck serve``)."""

from assistant.settings import Settings, apply_offline_env

apply_offline_env()

if __name__ == "__main__":
    from assistant.ui.app import launch

    launch(Settings.from_env())
