"""The page layer's URL parameters: the public forms' challenge image (django-simple-captcha)."""

from __future__ import annotations

from captcha.models import CaptchaStore

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import World

# A challenge's key names a picture of a sum, nobody's data: answering it to anyone is its purpose.
leakwalker.NON_OBJECT_PARAMETERS.add("key")


@leakwalker.sampler("key")
def challenge_key(world: World) -> str:
    return CaptchaStore.generate_key()
