#pragma once
// `atrium db revision` and `atrium db merge`: new revision source files from a template, and
// their lines in the manifest. The graph is read from the source files themselves (their
// `.id = …` / `.down_revisions = …` fields), so two revisions can be added without a rebuild
// in between.

#include <filesystem>
#include <string>
#include <vector>

#include "migrate/revision.hpp"

namespace atrium::migrate {

// Revisions (without code) declared by the *.cpp files of `dir`, except the manifest.
std::vector<Revision> scan_revision_sources(const std::filesystem::path& dir);

// Twelve hex characters from a random UUID, as Alembic makes them.
std::string new_revision_id();

// The message as a file-name slug: lower-case, runs of other characters as one '_', at most 40.
std::string slugify(const std::string& message);

// Writes `<dir>/<id>_<slug>.cpp` and adds it to `<dir>/revisions.cpp`; returns the new file.
// Throws RevisionError when the file exists or the manifest has no insertion markers.
std::filesystem::path write_revision_source(const std::filesystem::path& dir,
                                            const Revision& revision);

}  // namespace atrium::migrate
