"""The account's credentials, from the settings (WECHAT_* variables; never logged)."""

from __future__ import annotations

from dataclasses import dataclass, field

from foundation.settings import Settings


@dataclass(frozen=True)
class WeChatConfig:
    app_id: str  # AppID (开发者ID)
    app_secret: str = field(default="", repr=False)  # AppSecret: fetches the access token
    token: str = field(default="", repr=False)  # Token (令牌): signs the platform's calls to our server URL
    aes_key: str = field(default="", repr=False)  # EncodingAESKey (消息加解密密钥): safe mode; empty: plaintext only
    api_base: str = "https://api.weixin.qq.com"

    @classmethod
    def from_settings(cls, config: Settings) -> WeChatConfig:
        return cls(app_id=config.wechat_app_id, app_secret=config.wechat_app_secret, token=config.wechat_token,
                   aes_key=config.wechat_aes_key, api_base=config.wechat_api_base)

    @property
    def enabled(self) -> bool:
        """The account is configured: AppID, AppSecret and Token given."""
        return bool(self.app_id and self.app_secret and self.token)


def mask_openid(openid: str) -> str:
    """An OpenID as logs show it: enough to tell workers apart in one log, not the whole identifier."""
    return openid[:6] + "…" if len(openid) > 6 else "…"
