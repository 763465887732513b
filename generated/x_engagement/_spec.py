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
    "profile_visits": "ProfileVisits",
    "quote_tweets": "QuoteTweets",
    "replies": "Replies",
    "retweets": "Retweets",
    "unique_video_views": "UniqueVideoViews",
    "url_clicks": "UrlClicks",
    "user_profile_clicks": "UserProfileClicks",
    "video_completions": "VideoCompletions",
    "video_played_25_percent": "VideoPlayed25Percent",
    "video_played_50_percent": "VideoPlayed50Percent",
    "video_played_75_percent": "VideoPlayed75Percent",
    "video_starts": "VideoStarts",
    "video_views": "VideoViews",
}
METRIC_ENTERPRISE: dict[str, tuple[str, ...]] = {
    "app_install_attempts": ("app_install_attempts",),
    "app_opens": ("app_opens",),
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
    "profile_visits": (),
    "quote_tweets": ("quote_tweets",),
    "replies": ("replies",),
    "retweets": ("retweets",),
    "unique_video_views": (),
    "url_clicks": ("url_clicks",),
    "user_profile_clicks": ("user_profile_clicks",),
    "video_completions": (),
    "video_played_25_percent": (),
    "video_played_50_percent": (),
    "video_played_75_percent": (),
    "video_starts": (),
    "video_views": ("video_views",),
}
METRIC_UNCERTAIN: dict[str, str] = {
    "follows": "no document pairs Follows with user_follows; paired by wording only",
    "link_clicks": "v2 has both LinkClicks and UrlClicks; which one equals url_clicks is not documented",
    "profile_visits": "ProfileVisits is undefined in X's docs; it may count what user_profile_clicks counts",
}
