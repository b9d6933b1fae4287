#pragma once

// The one HDF5 serializer of the result model (store/session.h), driven by the field tables of
// store/result_fields.h, for both file kinds: session_file.cpp and the study's prompt records
// (study/study_file.cpp) write and read models and pairs only through these. Failures throw Hdf5Failure
// naming the object and the attribute or dataset (hdf5_io.h).

#include "store/hdf5_handle.h"
#include "store/result_fields.h"

namespace interlens::store {

// The attributes, datasets and sub-groups of one model's group (its certificate goes to /extra in sessions,
// together with extraScalars/extraVectors, and to /solver in study records).
void writeModelResult(hid_t group, const ModelResult& model, ResultFile file);
// `withVectors` false leaves the coalition vectors empty (a quick look at a study).
ModelResult readModelResult(hid_t group, ResultFile file, bool withVectors = true);

// One pair's group: its fields, /kappa (κ, the joint certificate, a study's β) and, in sessions, /joint.
void writePairResult(hid_t group, const PairResult& pair, ResultFile file);
PairResult readPairResult(hid_t group, ResultFile file, bool withVectors = true);

} // namespace interlens::store
