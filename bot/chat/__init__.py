"""The Telegram adapter: application, context, polling, delivery, rate limits, callback codecs."""
