#pragma once

// Session files: one HDF5 file per session, layout documented in README.md ("Session file schema") and
// versioned by kSessionSchemaVersion (session.h).

#include "store/session.h"

#include <string>

namespace interlens {

// Writes `session` to `path` atomically (temporary file in the same directory, then rename): an existing file
// is replaced only by a complete new one. schema_version is always written as kSessionSchemaVersion; an empty
// createdUtc/appVersion is filled with the current time/this build's version.
// Throws InputError naming the file for an unwritable directory, an invalid or duplicate model id (ids are
// group names: no '/', not "." or ".."), a pair naming an unknown model, an empty map key, or a vector whose
// length is neither 0 nor 2^players.
void saveSession(const Session& session, const std::string& path);

// Reads a session file. Throws InputError naming the file when it is missing, not HDF5, truncated or damaged,
// written by a newer Interlens (larger schema_version), or lacks a group/attribute/dataset (named in the
// message).
Session loadSession(const std::string& path);

// This build's version string as written to app_version.
std::string interlensVersion();

// Current time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utcNow();

} // namespace interlens
