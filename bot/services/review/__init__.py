"""待确认: holding the messages the intent engine was unsure of, deciding them (转为诉求 /
不是诉求) from the console or from chat, the daily digest to the 楼栋党小组长, and the
corrections those decisions leave behind as labelled examples."""
