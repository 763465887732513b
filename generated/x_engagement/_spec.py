"""The roles of spec/openapi.yaml's schemas and headers, and its metric crosswalk. Generated; do not edit.

The operations themselves are records in `_operations`."""

from __future__ import annotations

from x_engagement import models

# The models the runtime decodes with, by the role the spec gives them (`x-role` on the schema).
INSIGHTS_RESPONSE = models.InsightsResponse
ENTERPRISE_RESPONSE = models.EngagementResponse
PROBLEM = models.Problem
V2_ERROR = models.Error
ENTERPRISE_ERROR = models.EnterpriseError
ANALYTICS_RESPONSE = models.PostsAnalyticsResponse
MEDIA_ANALYTICS_RESPONSE = models.MediaAnalyticsResponse

# Rate-limit header names by figure, from the header components' `x-role` (lower case, v2 first).
RATE_LIMIT_LIMIT_HEADERS: tuple[str, ...] = ("x-rate-limit-limit", "x-per-minute-limit")
RATE_LIMIT_REMAINING_HEADERS: tuple[str, ...] = ("x-rate-limit-remaining", "x-per-minute-remaining")
RATE_LIMIT_RESET_HEADERS: tuple[str, ...] = ("x-rate-limit-reset",)
RATE_LIMIT_HEADERS: tuple[str, ...] = (
    *RATE_LIMIT_LIMIT_HEADERS,
    *RATE_LIMIT_REMAINING_HEADERS,
    *RATE_LIMIT_RESET_HEADERS,
)

# The metric crosswalk (`#/components/x-metrics`): canonical name -> the v2 metric (None where v2
# has none) and the Enterprise engagement types (empty where Enterprise has none); `uncertain`
# holds why a pairing is not documented. Rows, error messages and the mock read only these.
METRIC_V2: dict[str, str | None] = {
    "app_install_attempts": "AppInstallAttempts",
    "app_opens": "AppOpens",
    "bookmarks": None,
    "cta_url_clicks": None,
    "cta_watch_clicks": None,
    "detail_expands": "DetailExpands",
    "email_tweet": "EmailTweet",
    "engagements": "Engagements",
    "follows": "Follows",
    "hashtag_clicks": "HashtagClicks",
    "impressions": "Impressions",
    "likes": "Likes",
    "link_clicks": "LinkClicks",
    "media_engagements": "MediaEngagements",
    "media_views": "MediaViews",
    "permalink_clicks": "PermalinkClicks",
    "play_from_tap": None,
    "profile_visits": "ProfileVisits",
    "quote_tweets": "QuoteTweets",
    "replies": "Replies",
    "retweets": "Retweets",
    "shares": None,
    "unfollows": None,
    "unique_video_views": "UniqueVideoViews",
    "unlikes": None,
    "url_clicks": "UrlClicks",
    "user_profile_clicks": "UserProfileClicks",
    "video_completions": "VideoCompletions",
    "video_played_25_percent": "VideoPlayed25Percent",
    "video_played_50_percent": "VideoPlayed50Percent",
    "video_played_75_percent": "VideoPlayed75Percent",
    "video_starts": "VideoStarts",
    "video_views": "VideoViews",
    "watch_time_ms": None,
}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {
    "app_install_attempts": ("app_install_attempts",),
    "app_opens": ("app_opens",),
    "bookmarks": (),
    "cta_url_clicks": (),
    "cta_watch_clicks": (),
    "detail_expands": ("detail_expands",),
    "email_tweet": ("email_tweet",),
    "engagements": ("engagements",),
    "follows": ("user_follows",),
    "hashtag_clicks": ("hashtag_clicks",),
    "impressions": ("impressions",),
    "likes": ("favorites",),
    "link_clicks": (),
    "media_engagements": ("media_engagements",),
    "media_views": ("media_views",),
    "permalink_clicks": ("permalink_clicks",),
    "play_from_tap": (),
    "profile_visits": (),
    "quote_tweets": ("quote_tweets",),
    "replies": ("replies",),
    "retweets": ("retweets",),
    "shares": (),
    "unfollows": (),
    "unique_video_views": (),
    "unlikes": (),
    "url_clicks": ("url_clicks",),
    "user_profile_clicks": ("user_profile_clicks",),
    "video_completions": (),
    "video_played_25_percent": (),
    "video_played_50_percent": (),
    "video_played_75_percent": (),
    "video_starts": (),
    "video_views": ("video_views",),
    "watch_time_ms": (),
}
# the post and media analytics field of each canonical metric (None where that source has none)
METRIC_ANALYTICS: dict[str, str | None] = {
    "app_install_attempts": "app_install_attempts",
    "app_opens": "app_opens",
    "bookmarks": "bookmarks",
    "cta_url_clicks": None,
    "cta_watch_clicks": None,
    "detail_expands": "detail_expands",
    "email_tweet": "email_tweet",
    "engagements": "engagements",
    "follows": "follows",
    "hashtag_clicks": "hashtag_clicks",
    "impressions": "impressions",
    "likes": "likes",
    "link_clicks": None,
    "media_engagements": None,
    "media_views": "media_views",
    "permalink_clicks": "permalink_clicks",
    "play_from_tap": None,
    "profile_visits": None,
    "quote_tweets": "quote_tweets",
    "replies": "replies",
    "retweets": "retweets",
    "shares": "shares",
    "unfollows": "unfollows",
    "unique_video_views": None,
    "unlikes": "unlikes",
    "url_clicks": "url_clicks",
    "user_profile_clicks": "user_profile_clicks",
    "video_completions": None,
    "video_played_25_percent": None,
    "video_played_50_percent": None,
    "video_played_75_percent": None,
    "video_starts": None,
    "video_views": None,
    "watch_time_ms": None,
}
METRIC_MEDIA: dict[str, str | None] = {
    "app_install_attempts": None,
    "app_opens": None,
    "bookmarks": None,
    "cta_url_clicks": "cta_url_clicks",
    "cta_watch_clicks": "cta_watch_clicks",
    "detail_expands": None,
    "email_tweet": None,
    "engagements": None,
    "follows": None,
    "hashtag_clicks": None,
    "impressions": None,
    "likes": None,
    "link_clicks": None,
    "media_engagements": None,
    "media_views": None,
    "permalink_clicks": None,
    "play_from_tap": "play_from_tap",
    "profile_visits": None,
    "quote_tweets": None,
    "replies": None,
    "retweets": None,
    "shares": None,
    "unfollows": None,
    "unique_video_views": None,
    "unlikes": None,
    "url_clicks": None,
    "user_profile_clicks": None,
    "video_completions": "playback_complete",
    "video_played_25_percent": "playback25",
    "video_played_50_percent": "playback50",
    "video_played_75_percent": "playback75",
    "video_starts": "playback_start",
    "video_views": "video_views",
    "watch_time_ms": "watch_time_ms",
}
# Sources stated to have no counterpart, with the reason (x-metrics `absent`).
METRIC_ABSENT: dict[str, tuple[tuple[str, str], ...]] = {
    "link_clicks": (
        ("analytics", "getPostsAnalytics has url_clicks only (paired with UrlClicks by name)"),
    ),
    "media_engagements": (
        ("analytics", "no media_engagements field in getPostsAnalytics (v2.167)"),
    ),
    "profile_visits": (("analytics", "no profile_visits field in getPostsAnalytics (v2.167)"),),
    "unique_video_views": (("media", "getMediaAnalytics has video_views but no unique count"),),
}
METRIC_UNCERTAIN: dict[str, str] = {
    "follows": "no document pairs Follows with user_follows; paired by wording only",
    "link_clicks": "v2 has both LinkClicks and UrlClicks; which one equals url_clicks is not documented",
    "profile_visits": "ProfileVisits is undefined in X's docs; it may count what user_profile_clicks counts",
    "video_completions": "VideoCompletions and playback_complete are both undefined in X's docs; paired by wording only",
    "video_played_25_percent": "paired by wording only",
    "video_played_50_percent": "paired by wording only",
    "video_played_75_percent": "paired by wording only",
    "video_starts": "play_from_tap may also count starts; paired by wording only",
}
