"""The ceiling for bench/load.py: a bare Flask app with one route returning a string, nothing else."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
