/* SPDX-License-Identifier: MIT */
/*
 * Boost.URL's compiled part: Debian's Boost 1.81 ships the headers without
 * libboost_url, so it is built here, once.
 */
#include <boost/url/src.hpp>
