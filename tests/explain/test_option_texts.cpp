// The texts that decide whether a stored result may be reused, pinned byte for byte: the canonical request
// key (the GUI's result cache), the study's run options (a study file's resume check) and the v cache's key
// text (entries in existing v cache files). Each is driven by the options' field tables; a change that alters
// any of these texts orphans every stored result, so it must be deliberate (and bump the text's version).
#include "explain/request_key.h"
#include "store/v_cache.h"
#include "study/study_options.h"

#include <QTest>

using namespace interlens;

namespace {

const std::vector<ModelFolderIdentity> kOneModel = {{"f1", "c1", "t1", ""}};

ExplainRequest plainRequest()
{
    ExplainRequest r;
    r.prompt = "the old bridge was built of stone";
    r.players = "old,bridge,built,stone";
    r.targetWord = "after";
    r.modelDirs = {"/models/a"};
    return r;
}

// Every setting away from its default, doubles that need 17 digits, a learned baseline with its sentences.
ExplainRequest tunedRequest()
{
    ExplainRequest r = plainRequest();
    r.seed = 7;
    r.baseline = "learned";
    r.learnedBaseline.epochs = 3;
    r.learnedBaseline.learningRate = 0.01;
    r.learnedBaseline.momentum = 0.3;
    r.learnedBaseline.drawsPerSentence = 2;
    r.learnedBaseline.playersPerSentence = 4;
    r.learnedBaseline.seed = 9;
    r.baselineSentences = {"the river rose", "and fell"};
    r.plainScoring = true;
    r.maxPlayers = 12;
    r.device.precision = Precision::BFloat16;
    r.single.mode = SparsifyMode::Reference;
    r.single.qThreshold = 0.1;
    r.single.qBound = 2.5;
    r.single.learningRate = 3e-6;
    r.single.iterations = 10;
    r.single.tolerance = 1e-5;
    r.single.maxIterations = 11;
    r.jointPairs = false;
    r.joint.mode = SparsifyMode::Reference;
    r.joint.alpha = 0.2;
    r.joint.qThreshold = 0.03;
    r.joint.pThreshold = 0.6;
    r.joint.averageOutput = {1.0, -0.1};
    r.joint.learningRate = 2e-7;
    r.joint.iterations = 12;
    r.joint.tolerance = 1e-4;
    r.joint.maxIterations = 13;
    r.modelDirs = {"/models/a", "/models/b"};
    return r;
}

StudyRunOptions tunedStudy()
{
    StudyRunOptions o;
    o.modelDirs = {"/models/a", "/models/b"};
    o.players = 8;
    o.seed = 3;
    o.baseline = "learned";
    o.mode = SparsifyMode::Reference;
    o.plainScoring = true;
    o.scoreAll = true;
    o.top1 = "all";
    o.maxPlayers = 12;
    o.device.precision = Precision::BFloat16;
    return o;
}

// Every field set, extras out of order (the key sorts them).
const VCacheKeyFields kVKey = {.weightsFingerprint = "f1",
                               .tokenizerHash = "t1",
                               .prompt = "the old bridge",
                               .playerTokenSpans = {{1}, {2, 3}},
                               .baseline = "learned:abc",
                               .targetTokenId = 42,
                               .dtype = "Float",
                               .rewardDefinition = "log_odds",
                               .extra = {{"scoring", "trie"}, {"a", "b=1"}}};

} // namespace

class TestOptionTexts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestKeys()
    {
        // Hashes of the whole canonical text: every name, value and its formatting.
        QCOMPARE(requestKey(plainRequest(), kOneModel),
                 std::string("c76447f653192aec1c5bde397833f2a6d8f943abc3508724899ba470decdd119"));
        QCOMPARE(requestKey(tunedRequest(), {{"f1", "c1", "t1", ""}, {"", "", "", "no config.json"}}),
                 std::string("cf9dd1d005fe31211b562ec265e34c682dee97482ebd668aa99ce030c11149aa"));
        ExplainRequest learnedDefaults = plainRequest();
        learnedDefaults.baseline = "learned";
        QCOMPARE(requestKey(learnedDefaults, kOneModel),
                 std::string("87829350de3bc25c5d8d88a59d5195dd0e0c6d4bd8c30507b0e3d1d2fc402e6f"));
    }

    void requestKeyFieldTexts()
    {
        // A few lines in the clear, so a failure shows which formatting moved.
        std::string text;
        for (const RequestKeyField& field : requestKeyFields(tunedRequest(), {}))
            if (field.name.rfind("single.", 0) == 0 || field.name.rfind("learned_baseline.e", 0) == 0 ||
                field.name == "joint.average_output")
                text += field.name + "=" + field.value + "\n";
        QCOMPARE(text, std::string(
                           "learned_baseline.epochs=3\nsingle.mode=reference\nsingle.q_threshold=0."
                           "10000000000000001\nsingle.q_bound=2.5\nsingle.learning_rate=3.0000000000000001e-"
                           "06\nsingle.iterations=10\nsingle.tolerance=1.0000000000000001e-05\nsingle.max_"
                           "iterations=11\njoint.average_output=1,-0.10000000000000001\n"));
    }

    void studyRunOptions()
    {
        QCOMPARE(
            runOptionsJson(StudyRunOptions{}),
            std::string(
                R"json({"baseline":"mean","baseline_training":"none","beta":"0.5*mean_u_over_pair_kept","dtype":"Float","max_players":16,"mode":"solver","players":10,"request":{"baseline":"mean","dtype":"Float","joint.alpha":"0.10000000000000001","joint.average_output":"","joint.iterations":"20000","joint.learning_rate":"9.9999999999999995e-08","joint.max_iterations":"50000","joint.mode":"solver","joint.p_threshold":"0.5","joint.pairs":"no","joint.q_threshold":"0.02","joint.tolerance":"9.9999999999999995e-07","max_players":"16","reward_definition":"gt-log-odds-v0: log(p/(1-p+1e-7)+1e-7) of the target at the last position, minus v(empty)","scoring":"trie","seed":"0","single.iterations":"50000","single.learning_rate":"9.9999999999999995e-07","single.max_iterations":"50000","single.mode":"solver","single.q_bound":"-1","single.q_threshold":"0.040000000000000001","single.tolerance":"9.9999999999999995e-07"},"score_all":false,"scoring":"trie","seed":0,"top1_prefilter":"pair"})json"));
        QCOMPARE(
            runOptionsJson(tunedStudy()),
            std::string(
                R"json({"baseline":"learned","baseline_training":"study_prompts","beta":"0.5*mean_u_over_pair_kept","dtype":"BFloat16","max_players":12,"mode":"reference","players":8,"request":{"baseline":"learned","dtype":"BFloat16","joint.alpha":"0.10000000000000001","joint.average_output":"","joint.iterations":"20000","joint.learning_rate":"9.9999999999999995e-08","joint.max_iterations":"50000","joint.mode":"reference","joint.p_threshold":"0.5","joint.pairs":"no","joint.q_threshold":"0.02","joint.tolerance":"9.9999999999999995e-07","learned_baseline.draws_per_sentence":"10","learned_baseline.epochs":"100","learned_baseline.learning_rate":"0.001","learned_baseline.momentum":"0.90000000000000002","learned_baseline.players_per_sentence":"10","learned_baseline.seed":"0","learned_baseline.sentences":"","max_players":"12","reward_definition":"gt-log-odds-v0: log(p/(1-p+1e-7)+1e-7) of the target at the last position, minus v(empty)","scoring":"plain","seed":"3","single.iterations":"50000","single.learning_rate":"9.9999999999999995e-07","single.max_iterations":"50000","single.mode":"reference","single.q_bound":"-1","single.q_threshold":"0.040000000000000001","single.tolerance":"9.9999999999999995e-07"},"score_all":true,"scoring":"plain","seed":3,"top1_prefilter":"all"})json"));
    }

    void vCacheKeyTexts()
    {
        QCOMPARE(
            canonicalKeyText(kVKey),
            std::string(
                "interlens-v-cache-key/1\nweights_fingerprint=2:f1\ntokenizer_hash=2:t1\nprompt=14:the old "
                "bridge\nplayer_token_spans=8:[1][2,3]\nbaseline=11:learned:abc\ntarget_token_id=2:42\ndtype="
                "5:Float\nreward_definition=8:log_odds\nextra.name=1:a\nextra.value=3:b=1\nextra.name=7:"
                "scoring\nextra.value=4:trie\n"));
        QCOMPARE(canonicalKeyText(VCacheKeyFields{}),
                 std::string("interlens-v-cache-key/"
                             "1\nweights_fingerprint=0:\ntokenizer_hash=0:\nprompt=0:\nplayer_token_spans=0:"
                             "\nbaseline=0:\ntarget_token_id=2:-1\ndtype=0:\nreward_definition=0:\n"));
    }
};

QTEST_GUILESS_MAIN(TestOptionTexts)
#include "test_option_texts.moc"
