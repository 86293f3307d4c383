#pragma once
// Recognisers for personal data in running text, each asked at one byte offset: they
// return the length of the e-mail address, IP address or phone number that starts
// exactly there, or 0. They look only at ASCII; any byte >= 0x80 next to a candidate
// counts as part of a word, so a candidate glued to letters is left alone.
//
// What counts, and what deliberately does not:
// - e-mail: local@domain.tld, local part of [A-Za-z0-9._%+-] (1-64, no leading,
//   trailing or doubled dot), two or more domain labels, a top-level label of letters.
// - IPv4: four dot-separated decimal octets 0-255 without leading zeros, not part of a
//   longer dotted number (so a five-part version such as 1.2.3.4.5 stays).
// - IPv6: hex groups with colons, at most one "::", eight groups without it, an
//   optional dotted IPv4 tail; it must hold a decimal digit and two colons, so times
//   (12:30:45), MAC addresses (six groups) and C++ names (std::vector) stay.
// - phone: "+" and 8-15 digits in groups (spaces, dashes, dots, parentheses);
//   "(area) rest" with 9-11 digits; a national number with a leading 0 and 9-11 digits in
//   groups of two or more joined by one kind of separator (0912 345 678, 020 7946 0958);
//   or the North American 3-3-4 form (555-123-4567). Years, dates, prices, version
//   numbers, ISBNs and digit runs that touch ".5", ",000", "/2024" never match.
#include <cstddef>
#include <string_view>

namespace lw::filter {

size_t matchEmail(std::string_view text, size_t pos);
size_t matchIpv4(std::string_view text, size_t pos);
size_t matchIpv6(std::string_view text, size_t pos);
size_t matchPhone(std::string_view text, size_t pos);

} // namespace lw::filter
