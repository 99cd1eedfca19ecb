// JSON Schemas generated from the zod schemas (never hand-written), so editors validate and autocomplete
// SOP files against exactly what the loader accepts.
import { z } from 'zod';
import { holidayNotificationFile } from './holiday-notification';
import { scenario } from './scenario';
import { sopOverlay } from './sop-overlay';
import { sopPack } from './sop-pack';

const generate = (schema: z.ZodType, title: string): Record<string, unknown> => ({
  ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
  title,
});

export function jsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'sop-pack.schema.json': generate(sopPack, 'sopflow SOP pack'),
    'sop-overlay.schema.json': generate(sopOverlay, 'sopflow special-law overlay'),
    'sop-scenario.schema.json': generate(scenario, 'sopflow SOP scenario'),
    'sop-holiday-notifications.schema.json': generate(holidayNotificationFile, 'sopflow holiday notifications'),
  };
}
