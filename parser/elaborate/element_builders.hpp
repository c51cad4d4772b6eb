#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// Each builder reads one element card (name already registered) and adds its device.
void buildResistor(CardReader& reader, ElabContext& context);
void buildCapacitor(CardReader& reader, ElabContext& context);
void buildInductor(CardReader& reader, ElabContext& context);
void buildMutualInductance(CardReader& reader, ElabContext& context);
void buildVoltageSource(CardReader& reader, ElabContext& context);
void buildCurrentSource(CardReader& reader, ElabContext& context);
void buildVcvs(CardReader& reader, ElabContext& context);
void buildVccs(CardReader& reader, ElabContext& context);
void buildCccs(CardReader& reader, ElabContext& context);
void buildCcvs(CardReader& reader, ElabContext& context);
void buildDiode(CardReader& reader, ElabContext& context);
void buildJfet(CardReader& reader, ElabContext& context);
void buildMosfet(CardReader& reader, ElabContext& context);
void buildVoltageSwitch(CardReader& reader, ElabContext& context);
void buildCurrentSwitch(CardReader& reader, ElabContext& context);
void buildBjt(CardReader& reader, ElabContext& context);
void buildBehavioralSource(CardReader& reader, ElabContext& context);
// SPICE2 POLY(n) on E, F, G, H (`letter`): true when the card is one (after NAME n+ n-).
bool isPolyCard(const CardReader& reader);
void buildPolySource(CardReader& reader, ElabContext& context, char letter);

} // namespace cablespice::elab
