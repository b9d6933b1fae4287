#include "store/result_fields.h"

namespace interlens {

const std::vector<Field<ModelResult>>& modelResultFields()
{
    using M = ModelResult;
    static const std::vector<Field<M>> fields = {
        {"id", &M::id},
        {"path", &M::path, InSession},
        {"architecture", &M::architecture, InSession},
        {"config_hash", &M::configHash, InSession},
        {"weights_fingerprint", &M::weightsFingerprint, InSession},
        {"dtype", &M::dtype, InSession},
        {"tokenizer_hash", &M::tokenizerHash, InSession},
        {"error", &M::error},
        {"target_token_id", &M::targetTokenId},
        {"p_target", &M::pTarget},
        {"target_rank", &M::targetRank},
        {"u", &M::u, InStudy},
        {"player_token_spans", &M::playerTokenSpans, InSession},
        {"token_ids", &M::tokenIds, InSession},
        {"token_strings", &M::tokenStrings, InSession},
        // Indexed by coalition (2^n, bitmask order).
        {"v", &M::v},
        {"I_and", &M::iAnd},
        {"I_or", &M::iOr},
        {"gamma", &M::gamma, InSession},
        {"q", &M::q, InSession},
    };
    return fields;
}

const std::vector<Field<SolverCertificate>>& certificateFields()
{
    using C = SolverCertificate;
    // Optional: schema-1 files have joint_loss and joint_gap only, or none.
    static const std::vector<Field<C>> fields = {
        {"loss", &C::loss, InBoth, true},
        {"gap", &C::gap, InBoth, true},
        {"lower_bound", &C::lowerBound, InBoth, true},
        {"converged", &C::converged, InBoth, true},
    };
    return fields;
}

const std::vector<Field<PairResult>>& pairResultFields()
{
    using P = PairResult;
    static const std::vector<Field<P>> fields = {
        {"a", &P::a},
        {"b", &P::b},
        {"I_and_a", &P::iAndA, InStudy},
        {"I_or_a", &P::iOrA, InStudy},
        {"I_and_b", &P::iAndB, InStudy},
        {"I_or_b", &P::iOrB, InStudy},
        {"shared_and", &P::sharedAnd},
        {"shared_or", &P::sharedOr},
    };
    return fields;
}

const std::vector<Field<PairResult>>& pairJointFields()
{
    using P = PairResult;
    // Optional: the group held whatever a run put there before it had a table.
    static const std::vector<Field<P>> fields = {
        {"I_and_{a}", &P::iAndA, InSession, true},
        {"I_or_{a}", &P::iOrA, InSession, true},
        {"gamma_own_{a}", &P::gammaOwnA, InSession, true},
        {"I_and_{b}", &P::iAndB, InSession, true},
        {"I_or_{b}", &P::iOrB, InSession, true},
        {"gamma_own_{b}", &P::gammaOwnB, InSession, true},
        {"gamma_shared", &P::gammaShared, InSession, true},
    };
    return fields;
}

const std::vector<Field<PairKappa>>& pairKappaFields()
{
    using K = PairKappa;
    static const std::vector<Field<K>> fields = {
        {"kappa", &K::kappa, InBoth, true},
        {"kappa_a_from_b", &K::aFromB, InBoth, true},
        {"kappa_b_from_a", &K::bFromA, InBoth, true},
        {"kappa_signed_utility", &K::signedUtility, InBoth, true},
        {"kappa_salient_denominator", &K::salientDenominator, InBoth, true},
        {"kappa_per_prompt_mean", &K::perPromptMean, InBoth, true},
        {"kappa_overlap", &K::overlap, InBoth, true},
    };
    return fields;
}

const std::vector<Field<JointBeta>>& jointBetaFields()
{
    using B = JointBeta;
    static const std::vector<Field<B>> fields = {
        {"mean_u_a", &B::meanUA, InStudy, true},      {"mean_u_b", &B::meanUB, InStudy, true},
        {"beta_a", &B::betaA, InStudy, true},         {"beta_b", &B::betaB, InStudy, true},
        {"beta_prompts", &B::prompts, InStudy, true},
    };
    return fields;
}

std::string fieldName(const char* name, const std::string& a, const std::string& b)
{
    std::string out = name;
    for (const auto& [token, id] : {std::pair{std::string("{a}"), &a}, std::pair{std::string("{b}"), &b}})
        if (const auto at = out.find(token); at != std::string::npos)
            out.replace(at, token.size(), *id);
    return out;
}

namespace {

template <class T>
void putNumbers(std::map<std::string, double>& out, const T& object, const std::vector<Field<T>>& table,
                const std::string& prefix)
{
    for (const Field<T>& f : table) {
        if (const auto* d = std::get_if<double T::*>(&f.member))
            out[prefix + f.name] = object.**d;
        else if (const auto* b = std::get_if<bool T::*>(&f.member))
            out[prefix + f.name] = object.**b ? 1.0 : 0.0;
    }
}

template <class T> T keptIn(const T& from, const std::vector<Field<T>>& table, ResultFile file)
{
    T to;
    for (const Field<T>& f : table)
        if (f.files & file)
            std::visit([&](auto member) { to.*member = from.*member; }, f.member);
    return to;
}

} // namespace

ModelResult studyRecordOf(const ModelResult& model)
{
    ModelResult out = keptIn(model, modelResultFields(), InStudy);
    out.certificate = model.certificate;
    return out;
}

PairResult studyRecordOf(const PairResult& pair)
{
    PairResult out = keptIn(pair, pairResultFields(), InStudy);
    out.kappa = pair.kappa;
    out.certificate = pair.certificate;
    out.beta = pair.beta;
    return out;
}

std::map<std::string, double> certificateValues(const std::optional<SolverCertificate>& certificate,
                                                const std::string& prefix)
{
    std::map<std::string, double> out;
    if (certificate)
        putNumbers(out, *certificate, certificateFields(), prefix);
    return out;
}

std::map<std::string, double> kappaGroupValues(const PairResult& pair)
{
    std::map<std::string, double> out = certificateValues(pair.certificate, "joint_");
    if (pair.kappa)
        putNumbers(out, *pair.kappa, pairKappaFields(), "");
    if (pair.beta)
        putNumbers(out, *pair.beta, jointBetaFields(), "");
    return out;
}

} // namespace interlens
