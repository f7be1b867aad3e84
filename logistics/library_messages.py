"""The messages our libraries make (marshmallow, werkzeug), listed so the errors catalog translates them.

They reach us as plain English strings. The fixed ones are message ids as they are ("Unknown
field."): ``say`` finds them by their text. The ones with values in them are registered by their
shape with ``pattern``, so "Longer than maximum length 200." is said with its 200.
tests/unit/test_library_messages.py fails when a library we use makes a message missing here.
"""
from __future__ import annotations

from logistics.domain.texts import E_, pattern

# marshmallow: fields and schemas (Field.default_error_messages, Schema's "unknown" and "type").
MARSHMALLOW = (
    E_("Missing data for required field."),
    E_("Field may not be null."),
    E_("Invalid value."),
    E_("Invalid input type."),
    E_("Invalid type."),
    E_("Unknown field."),
    E_("Not a valid string."),
    E_("Not a valid utf-8 string."),
    E_("Not a valid number."),
    E_("Not a valid integer."),
    E_("Number too large."),
    E_("Special numeric values (nan or infinity) are not permitted."),
    E_("Not a valid boolean."),
    E_("Not a valid datetime."),
    E_("Not a valid aware datetime."),
    E_("Not a valid naive datetime."),
    E_("Not a valid date."),
    E_("Not a valid time."),
    E_("Not a valid period of time."),
    E_("Not a valid email address."),
    E_("Not a valid URL."),
    E_("Not a valid UUID."),
    E_("Not a valid list."),
    E_("Not a valid tuple."),
    E_("Not a valid mapping type."),
    E_("Not a valid IP address."),
    E_("Not a valid IPv4 address."),
    E_("Not a valid IPv6 address."),
    E_("Not a valid IP interface."),
    E_("Not a valid IPv4 interface."),
    E_("Not a valid IPv6 interface."),
    E_("Invalid input."),
    E_("String does not match expected pattern."),
)

# marshmallow's validators, whose messages carry values (str.format): recognised by their shape.
PATTERNS = tuple(pattern(text) for text in (
    E_("Must be one of: %(choices)s."),
    E_("Must be equal to %(other)s."),
    E_("One or more of the choices you made was not in: %(choices)s."),
    E_("One or more of the choices you made was in: %(values)s."),
    E_("Shorter than minimum length %(min)s."),
    E_("Longer than maximum length %(max)s."),
    E_("Length must be between %(min)s and %(max)s."),
    E_("Length must be %(equal)s."),
    E_("Must be greater than or equal to %(min)s."),
    E_("Must be greater than %(min)s."),
    E_("Must be less than or equal to %(max)s."),
    E_("Must be less than %(max)s."),
    E_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    E_("Must be greater than or equal to %(min)s and less than %(max)s."),
    E_("Must be greater than %(min)s and less than or equal to %(max)s."),
    E_("Must be greater than %(min)s and less than %(max)s."),
))

# werkzeug's descriptions of the HTTP errors an API client can meet (an unknown URL, a wrong method).
WERKZEUG = (
    E_("The browser (or proxy) sent a request that this server could not understand."),
    E_("The server could not verify that you are authorized to access the URL requested. You either "
       "supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how "
       "to supply the credentials required."),
    E_("You don't have the permission to access the requested resource. It is either read-protected "
       "or not readable by the server."),
    E_("The requested URL was not found on the server. If you entered the URL manually please check "
       "your spelling and try again."),
    E_("The method is not allowed for the requested URL."),
    E_("The resource identified by the request is only capable of generating response entities which "
       "have content characteristics not acceptable according to the accept headers sent in the request."),
    E_("The data value transmitted exceeds the capacity limit."),
    E_("The server does not support the media type transmitted in the request."),
    E_("The request was well-formed but was unable to be followed due to semantic errors."),
    E_("This user has exceeded an allotted request count. Try again later."),
    E_("The length of the requested URL exceeds the capacity limit for this server. The request "
       "cannot be processed."),
    E_("The server encountered an internal error and was unable to complete your request. Either the "
       "server is overloaded or there is an error in the application."),
    E_("The server is temporarily unable to service your request due to maintenance downtime or "
       "capacity problems. Please try again later."),
)
