#include "store/result_io.h"

#include "store/hdf5_io.h"

#include <type_traits>

namespace interlens::store {

namespace {

// ---- one value

void writeValue(hid_t g, const std::string& name, const std::string& value)
{
    writeAttribute(g, name, value);
}
void writeValue(hid_t g, const std::string& name, std::int64_t value)
{
    writeAttribute(g, name, value);
}
void writeValue(hid_t g, const std::string& name, double value)
{
    writeAttribute(g, name, value);
}
void writeValue(hid_t g, const std::string& name, bool value)
{
    writeAttribute(g, name, value ? 1.0 : 0.0);
}
void writeValue(hid_t g, const std::string& name, const std::vector<std::vector<std::int64_t>>& value)
{
    writeAttribute(g, name, value);
}
template <class V> void writeValue(hid_t g, const std::string& name, const std::vector<V>& value)
{
    writeDataset(g, name, value);
}

template <class V>
constexpr bool isDataset =
    std::is_same_v<V, std::vector<double>> || std::is_same_v<V, std::vector<std::int64_t>> ||
    std::is_same_v<V, std::vector<std::uint64_t>> || std::is_same_v<V, std::vector<std::string>>;

void readValue(hid_t g, const std::string& name, std::string& out)
{
    out = readStringAttribute(g, name);
}
void readValue(hid_t g, const std::string& name, std::int64_t& out)
{
    out = readIntAttribute(g, name);
}
void readValue(hid_t g, const std::string& name, double& out)
{
    out = readDoubleAttribute(g, name);
}
void readValue(hid_t g, const std::string& name, bool& out)
{
    out = readDoubleAttribute(g, name) == 1.0;
}
void readValue(hid_t g, const std::string& name, std::vector<std::vector<std::int64_t>>& out)
{
    out = readRaggedAttribute(g, name);
}
void readValue(hid_t g, const std::string& name, std::vector<double>& out)
{
    out = readDoubleDataset(g, name);
}
void readValue(hid_t g, const std::string& name, std::vector<std::int64_t>& out)
{
    out = readIntDataset(g, name);
}
void readValue(hid_t g, const std::string& name, std::vector<std::uint64_t>& out)
{
    out = readUIntDataset(g, name);
}
void readValue(hid_t g, const std::string& name, std::vector<std::string>& out)
{
    out = readStringDataset(g, name);
}

// ---- a table

template <class T>
void writeFields(hid_t g, const T& object, const std::vector<Field<T>>& table, ResultFile file,
                 const std::string& prefix = {}, const std::string& a = {}, const std::string& b = {})
{
    for (const Field<T>& f : table)
        if (f.files & file)
            std::visit([&](auto member) { writeValue(g, prefix + fieldName(f.name, a, b), object.*member); },
                       f.member);
}

// Reads every field of `table` stored in `file`; returns how many were present. A missing optional field
// keeps its default; a missing required one throws naming it.
template <class T>
int readFields(hid_t g, T& object, const std::vector<Field<T>>& table, ResultFile file, bool withVectors,
               const std::string& prefix = {}, const std::string& a = {}, const std::string& b = {})
{
    int present = 0;
    for (const Field<T>& f : table) {
        if (!(f.files & file))
            continue;
        const std::string name = prefix + fieldName(f.name, a, b);
        std::visit(
            [&](auto member) {
                using V = std::remove_reference_t<decltype(object.*member)>;
                if constexpr (std::is_same_v<V, std::vector<double>>)
                    if (!withVectors)
                        return;
                const bool there = isDataset<V> ? hasLink(g, name) : hasAttribute(g, name);
                if (!there && f.optional)
                    return;
                readValue(g, name, object.*member);
                ++present;
            },
            f.member);
    }
    return present;
}

// A sub-struct stored as optional: engaged when any of its fields is in the file.
template <class T>
std::optional<T> readOptional(hid_t g, const std::vector<Field<T>>& table, ResultFile file,
                              const std::string& prefix = {})
{
    T object;
    if (readFields(g, object, table, file, true, prefix) == 0)
        return std::nullopt;
    return object;
}

template <class T>
void writeOptional(hid_t g, const std::optional<T>& object, const std::vector<Field<T>>& table,
                   ResultFile file, const std::string& prefix = {})
{
    if (object)
        writeFields(g, *object, table, file, prefix);
}

bool isCertificateName(const std::string& name, const std::string& prefix)
{
    for (const Field<SolverCertificate>& f : certificateFields())
        if (name == prefix + f.name)
            return true;
    return false;
}

} // namespace

void writeModelResult(hid_t g, const ModelResult& m, ResultFile file)
{
    writeFields(g, m, modelResultFields(), file);
    if (file == InStudy) {
        const GroupHandle solver = createGroup(g, "solver");
        writeOptional(solver.get(), m.certificate, certificateFields(), file, "sparsify_");
        return;
    }
    const GroupHandle extra = createGroup(g, "extra");
    writeOptional(extra.get(), m.certificate, certificateFields(), file, "sparsify_");
    for (const auto& [name, value] : m.extraScalars) {
        if (name.empty() || isCertificateName(name, "sparsify_"))
            throw Hdf5Failure(objectPath(extra.get()) + ": extra scalar '" + name +
                              "' is empty or a certificate field");
        writeAttribute(extra.get(), name, value);
    }
    for (const auto& [name, value] : m.extraVectors) {
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
            throw Hdf5Failure(objectPath(extra.get()) + ": extra vector '" + name +
                              "' cannot be used as an HDF5 name (empty, '.', '..' or contains '/')");
        writeDataset(extra.get(), name, value);
    }
}

ModelResult readModelResult(hid_t g, ResultFile file, bool withVectors)
{
    ModelResult m;
    readFields(g, m, modelResultFields(), file, withVectors);
    const char* group = file == InStudy ? "solver" : "extra";
    if (!hasLink(g, group)) // absent in files from before the certificate (study) or the extras (session)
        return m;
    const GroupHandle sub = openGroup(g, group);
    m.certificate = readOptional(sub.get(), certificateFields(), file, "sparsify_");
    if (file == InSession) {
        for (const std::string& name : attributeNames(sub.get()))
            if (!isCertificateName(name, "sparsify_"))
                m.extraScalars[name] = readDoubleAttribute(sub.get(), name);
        for (const std::string& name : childNames(sub.get()))
            m.extraVectors[name] = readDoubleDataset(sub.get(), name);
    }
    return m;
}

void writePairResult(hid_t g, const PairResult& p, ResultFile file)
{
    writeFields(g, p, pairResultFields(), file);
    {
        const GroupHandle kappa = createGroup(g, "kappa");
        writeOptional(kappa.get(), p.kappa, pairKappaFields(), file);
        writeOptional(kappa.get(), p.certificate, certificateFields(), file, "joint_");
        writeOptional(kappa.get(), p.beta, jointBetaFields(), file);
    }
    if (file == InSession) {
        const GroupHandle joint = createGroup(g, "joint");
        writeFields(joint.get(), p, pairJointFields(), file, {}, p.a, p.b);
    }
}

PairResult readPairResult(hid_t g, ResultFile file, bool withVectors)
{
    PairResult p;
    readFields(g, p, pairResultFields(), file, withVectors);
    {
        const GroupHandle kappa = openGroup(g, "kappa");
        p.kappa = readOptional(kappa.get(), pairKappaFields(), file);
        p.certificate = readOptional(kappa.get(), certificateFields(), file, "joint_");
        p.beta = readOptional(kappa.get(), jointBetaFields(), file);
    }
    if (file == InSession) {
        const GroupHandle joint = openGroup(g, "joint");
        readFields(joint.get(), p, pairJointFields(), file, withVectors, {}, p.a, p.b);
    }
    return p;
}

} // namespace interlens::store
