"""The app plus a bare 'hello' route, the framework's own ceiling for bench/load.py. Not used in production."""

from triage import create_app

app = create_app()


@app.get("/_bench/hello")
def hello():
    return "hello"
