#pragma once

// The field tables of the result model (store/session.h): for each struct, every field once, with its name in
// the files and which file kinds store it. One serializer per struct walks its table for both file kinds
// (store/result_io.h, used by session_file.cpp and study_file.cpp), and the JSON of `explain --json` and
// `inspect` names values the same way. A new result field is added to its struct and to its table here.

#include "store/session.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace interlens {

// Which files store a field: a session file (one prompt's result) or a study's prompt record.
enum ResultFile : unsigned { InSession = 1u, InStudy = 2u, InBoth = 3u };

template <class T>
using FieldMember =
    std::variant<std::string T::*, std::int64_t T::*, double T::*, bool T::*, std::vector<double> T::*,
                 std::vector<std::int64_t> T::*, std::vector<std::uint64_t> T::*,
                 std::vector<std::string> T::*, std::vector<std::vector<std::int64_t>> T::*>;

// One field: its name (for a pair's joint vectors "{a}"/"{b}" stand for the models' ids), the member, the
// files that store it, and whether files written before it existed may lack it (it then keeps its default).
// Storage follows the type: numbers and text are attributes (bool as 1/0), vectors of numbers datasets,
// lists of text a dataset, lists of integer lists a ragged attribute.
template <class T> struct Field
{
    const char* name;
    FieldMember<T> member;
    unsigned files = InBoth;
    bool optional = false;
};

// A model's fields (the group /models/<id> of a session, /prompts/<k>/models/<id> of a study).
const std::vector<Field<ModelResult>>& modelResultFields();
// A certificate's fields, named with a prefix: "sparsify_" (a model's: in its /extra group in sessions, its
// /solver group in studies) or "joint_" (a pair's, in its /kappa group).
const std::vector<Field<SolverCertificate>>& certificateFields();
// A pair's fields (the group /pairs/<a>__<b>), its joint vectors (a session's /pairs/<a>__<b>/joint), κ and
// β (its /kappa group).
const std::vector<Field<PairResult>>& pairResultFields();
const std::vector<Field<PairResult>>& pairJointFields();
const std::vector<Field<PairKappa>>& pairKappaFields();
const std::vector<Field<JointBeta>>& jointBetaFields();

// A field's name with "{a}"/"{b}" replaced by the pair's model ids.
std::string fieldName(const char* name, const std::string& a = {}, const std::string& b = {});

// What a study's prompt record keeps of a model's or a pair's result: the fields its table stores in study
// records (and the certificate, κ and β), the rest left at their defaults.
ModelResult studyRecordOf(const ModelResult& model);
PairResult studyRecordOf(const PairResult& pair);

// The numbers of a pair's /kappa group by name (κ, the joint certificate, a study's β), as the files hold
// them: for JSON output and messages.
std::map<std::string, double> kappaGroupValues(const PairResult& pair);
// A certificate's numbers by name ("sparsify_loss", ...); empty when absent.
std::map<std::string, double> certificateValues(const std::optional<SolverCertificate>& certificate,
                                                const std::string& prefix);

} // namespace interlens
