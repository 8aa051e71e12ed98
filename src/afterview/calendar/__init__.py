"""The calendar: every pending step as an iCalendar event, for a file or a subscribed feed."""
