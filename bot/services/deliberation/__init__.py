"""说事议事 and 投票表决: suggestions (说事), topics (议题) through the 十步走, opinions (征求意见),
meetings (议事会), the follow-up (落实 cases, 评议), households and votes. Each function runs in
the caller's transaction."""
