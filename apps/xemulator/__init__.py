"""A local stand-in for api.x.com: OAuth 1.0a, the v2 endpoints the gateway uses, faults.

Run it with ``manage.py xemulator`` or ``EmulatorServer().start()``; production
code never imports it.
"""
