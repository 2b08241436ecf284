/**
 * The slot types of one bot locale, compiled once at load: value matchers for custom types and
 * anchored regexes for regex-restricted ones. Shared by the NLU delexicalizer and the slot filler.
 */
import type { BotLocaleDefinition, SlotTypeDefinition } from './bot-model.js';
import { ListedValueScan } from './listed-value-scan.js';
import { SlotTypeMatcher } from './slot-type-matcher.js';
import { slotTypesInTrainingOrder } from './training-order.js';

export interface CompiledSlotType {
  definition: SlotTypeDefinition;
  matcher: SlotTypeMatcher;
  /** Anchored, case-sensitive; callers try case variants (see regex-slot-matcher.ts). */
  regex: RegExp | null;
  /** The built-in this type behaves as: its parent, or its own name for a built-in. */
  baseType: string;
}

export class SlotTypeRegistry {
  private readonly types = new Map<string, CompiledSlotType>();
  /** All open-list types' values in one index: one scan of a turn for every type. */
  readonly listed: ListedValueScan;

  constructor(locale: BotLocaleDefinition) {
    // The scan and the class tokens take the first of several types listing a value: one order for all loads.
    for (const definition of slotTypesInTrainingOrder(locale.slotTypes)) {
      this.types.set(definition.name, {
        definition,
        matcher: new SlotTypeMatcher(definition),
        regex: definition.regexPattern ? compileAnchored(definition.regexPattern) : null,
        baseType: definition.parentSlotTypeSignature ?? 'Custom',
      });
    }
    this.listed = new ListedValueScan(this.types.values());
  }

  /** Undefined for built-in types (AMAZON.*). */
  get(name: string): CompiledSlotType | undefined {
    return this.types.get(name);
  }

  /** The built-in behaviour of a slot type: AMAZON.* name, or 'Custom' for a value list. */
  baseTypeOf(name: string): string {
    return this.types.get(name)?.baseType ?? name;
  }

  all(): IterableIterator<CompiledSlotType> {
    return this.types.values();
  }
}

function compileAnchored(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    // The loader reports bad patterns as a bot diagnostic; at runtime the type just never matches.
    return null;
  }
}

/** The token a slot value is replaced by for the classifier, e.g. slot_categorytype. */
export function slotClassToken(slotTypeName: string): string {
  return `slot_${slotTypeName.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
}
