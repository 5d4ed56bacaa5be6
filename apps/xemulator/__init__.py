"""A local stand-in for api.x.com: OAuth 1.0a, the v2 endpoints the gateway uses, faults.

Run it with ``manage.py xemulator`` or ``EmulatorServer().start()``; production
code never imports it.

Covered: sign-in, users (me, by id/ids, by username/usernames), timelines,
post lookup/create/delete with replies and quotes, likes, retweets, follows,
mutes, recent search, direct messages and Lists, each with X's rate limits and
error bodies. ``EmulatorState.set_tier("self-serve")`` applies X's 2026
self-serve restrictions; ``EmulatorServer(local_media=True)`` serves seeded
photos and avatars from ``/_media/`` instead of pbs.twimg.com.
"""
