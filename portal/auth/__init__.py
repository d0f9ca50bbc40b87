"""National login: the OpenID Connect relying party and the development provider.

    routes.py            /login, /login/callback, /logout, /signed-out (+ /dev-idp/...)
    views.py             the pages behind them
    relying_party.py     authorization-code flow with PKCE, state and nonce
    pending.py           logins started and not yet finished, in the session
    discovery.py         provider metadata and key set, fetched and cached
    id_token.py          ID-token verification
    client_auth.py       private_key_jwt and client_secret_basic
    keys.py              signing keys and their JWKs
    failures.py          why a login failed, and how that is explained
    services.py          building all of it from the settings at start-up
    dev_provider.py      the built-in development OpenID provider
    dev_provider_views.py  its HTTP endpoints
    loopback.py          in tests: the provider reached in-process
"""
