import { arrowFormat } from "./arrowIpc.js";
import { isMarketFormat, type FormatDescriptor, type MarketFormat } from "./format.js";
import { scidFormat } from "./scid.js";
import { barExportFormat } from "./sierraBarExport.js";
import { studyExportFormat } from "./sierraStudyExport.js";
import { signalsCsvFormat } from "./signalsCsv.js";
import { tickCsvFormat } from "./tickCsv.js";
import { timeAndSalesFormat } from "./timeAndSales.js";

/**
 * Every format the engine reads, one line each. Detection asks each sniffer in this order, the
 * --format choices and config.inputFormat's domain are these ids, readInput dispatches on them: a new
 * format is its own file under io/ exporting a descriptor (format.ts), plus its line here.
 */
export const FORMATS = [
  barExportFormat,
  studyExportFormat,
  scidFormat,
  timeAndSalesFormat,
  tickCsvFormat,
  arrowFormat,
  signalsCsvFormat,
] as const;

/** A list of formats to detect among and dispatch to (the registry, or a test's own). */
export type FormatRegistry = readonly FormatDescriptor[];

type Registered = (typeof FORMATS)[number];

/** Id of any registered format. */
export type FormatId = Registered["id"];

/** Every market-data format readInput understands (bars or trades; not the signals table). */
export type InputFormat = Extract<Registered, { kind: "bars" | "ticks" | "either" }>["id"];

/** The market-data formats of a registry, in its order. */
export const marketFormats = (registry: FormatRegistry): MarketFormat[] => registry.filter(isMarketFormat);

export const INPUT_FORMATS: readonly InputFormat[] = Object.freeze(marketFormats(FORMATS).map((f) => f.id as InputFormat));

/** A registered format by id, or undefined. */
export function formatById(id: string, registry: FormatRegistry = FORMATS): FormatDescriptor | undefined {
  return registry.find((f) => f.id === id);
}
