"""Mentor Hub's request inbox: receives mentees' requests, keeps them in a database, enforces
capacity, publishes availability and gives coordinators a dashboard.

`python -m mentorhub.inbox --help` lists the commands; `inbox.app.create_app()` is the ASGI app.
"""
