import { describe, expect, it } from 'vitest';
import { populateWard } from '../../geo/populate-ward.ts';
import { generateSyntheticCity } from '../../geo/synth/city.ts';

describe('residential groups and blocks of a populated ward', () => {
  const city = generateSyntheticCity({ seed: 'names', districtCount: 1, wardsPerDistrict: 1, population: 3000, center: [106.7, 10.78], radiusKm: 1 });
  const ward = city.wards[0]!;
  const populated = populateWard({ code: ward.code, name: ward.name, districtName: 'Quận 1', cityName: 'Thành phố Mẫu', geometry: ward.geometry, people: 3000, subdivide: true }, 'names', '2021-09-30');

  it('numbers groups from 1 (so "tổ 1" finds the first), codes matching names', () => {
    expect(populated.groups.length).toBeGreaterThan(1);
    expect(populated.groups[0]).toMatchObject({ code: `${ward.code}-T001`, name: 'Tổ dân phố 1' });
    populated.groups.forEach((g, i) => expect(g.name).toBe(`Tổ dân phố ${i + 1}`));
  });

  it('numbers the blocks of each group from 1', () => {
    const firstOfGroup = populated.blocks.filter((b, i) => i === 0 || populated.blocks[i - 1]!.group !== b.group);
    expect(firstOfGroup.length).toBe(populated.groups.length);
    for (const block of firstOfGroup) expect(block).toMatchObject({ name: 'Khối 1', code: expect.stringMatching(/-B01$/) });
  });
});
