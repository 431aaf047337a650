import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/flows/load-flows.js';
import { realFlowsDir } from '../support/fixtures.js';

const flows = loadFlows(realFlowsDir);

describe('communes and wards of the new Bắc Ninh province', () => {
  it('match however the member types them, with or without "xã"/"phường" and diacritics', () => {
    expect(flows.matchCommune('tan yen').exact).toBe('Xã Tân Yên');
    expect(flows.matchCommune('Xã Tân Yên').exact).toBe('Xã Tân Yên');
    expect(flows.matchCommune('p. kinh bac').exact).toBe('Phường Kinh Bắc');
  });

  it('offer close names for a typo, and nothing for a place that is not in the province', () => {
    expect(flows.matchCommune('tan yenn').suggestions).toContain('Xã Tân Yên');
    expect(flows.matchCommune('Quận Hoàn Kiếm')).toEqual({ suggestions: [] });
  });

  it('take the next conference whose deadline (Vietnam time) has not passed', () => {
    expect(flows.nextOpenConference(new Date('2026-12-10T16:00:00Z'))?.id).toBe('doi-thoai-2026'); // 23:00 on the 10th in Hà Nội
    expect(flows.nextOpenConference(new Date('2026-12-10T17:30:00Z'))).toBeUndefined(); // 00:30 on the 11th
  });
});
