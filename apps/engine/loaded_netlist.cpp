#include "apps/engine/loaded_netlist.hpp"

#include "parser/parse_netlist.hpp"

#include <chrono>

namespace cablespice::app {

LoadedNetlist::LoadedNetlist() : sources_(std::make_unique<SourceManager>()) {}

void LoadedNetlist::loadFile(const std::filesystem::path& path, const elab::ElaborationOptions& options) {
    std::string openError;
    auto file = sources_->addFile(path, SourceLoc{}, openError);
    if (!file) throw NetlistOpenError(openError);
    load(*file, options);
}

void LoadedNetlist::loadText(std::string text, std::string name, const elab::ElaborationOptions& options) {
    load(sources_->addBuffer(std::move(name), std::move(text)), options);
}

void LoadedNetlist::load(std::uint32_t file, const elab::ElaborationOptions& options) {
    using Clock = std::chrono::steady_clock;
    using Seconds = std::chrono::duration<double>;
    DiagnosticSink sink;
    const auto start = Clock::now();
    netlist_ = std::make_unique<ast::Netlist>(parseNetlist(*sources_, file, sink));
    const auto parsed = Clock::now();
    deck_ = std::make_unique<elab::Deck>(elab::elaborate(*netlist_, sink, options));
    times_ = {Seconds(parsed - start).count(), Seconds(Clock::now() - parsed).count()};
    warnings_ = sink.take();
}

} // namespace cablespice::app
