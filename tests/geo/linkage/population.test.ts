import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../geo/random.ts';
import { buildNameLinkageKey, normaliseName } from '../../../geo/normalise/names.ts';
import { buildBlockingKeys } from '../../../geo/linkage/blocking.ts';
import { scorePair, type LinkagePerson } from '../../../geo/linkage/score.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Vũ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý'];
const FAMILY_WEIGHTS = [38, 11, 9.5, 7, 5, 3, 4, 2, 4.5, 2, 2, 2, 1.5, 1.5, 1.5, 1, 1];
const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Đức', 'Hữu', 'Thanh', 'Hoàng', 'Công'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ', 'Thúy', 'Bích'];
const GIVEN = [
  'An', 'Anh', 'Bình', 'Châu', 'Cường', 'Dũng', 'Dung', 'Duy', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hòa', 'Hùng', 'Hương',
  'Huy', 'Khánh', 'Khoa', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'My', 'Nam', 'Ngân', 'Nhi', 'Phong', 'Phúc', 'Phương', 'Quân',
  'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Thành', 'Trang', 'Trinh', 'Tuấn', 'Tùng', 'Vân', 'Việt', 'Vy', 'Xuân', 'Yến',
];

interface Person { id: number; name: string; birthDate: string; sex: 'male' | 'female'; phone: string | null; idHash: string | null; addressKey: string }

const pad = (n: number): string => String(n).padStart(2, '0');

function makePerson(r: Random, id: number, family: string, addressKey: string, householdPhone: string): Person {
  const sex = r.next() < 0.5 ? 'male' : 'female';
  const middle = r.pick(sex === 'male' ? MIDDLE_M : MIDDLE_F);
  const birthDate = `${r.int(1935, 2019)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  const phone = r.next() < 0.5 ? householdPhone : r.next() < 0.8 ? `+849${r.int(10_000_000, 99_999_999)}` : null;
  return { id, name: `${family} ${middle} ${r.pick(GIVEN)}`, birthDate, sex, phone, idHash: r.next() < 0.8 ? `id-${id}` : null, addressKey: `W${r.int(1, 50)}|${r.int(1, 400)}|street` };
}

function makePopulation(r: Random, households: number, startId: number): Person[] {
  const people: Person[] = [];
  for (let h = 0; h < households; h++) {
    const family = FAMILY[r.weighted(FAMILY_WEIGHTS)] ?? 'Nguyễn';
    const address = `W${r.int(1, 50)}|${r.int(1, 2000)}/${h}|street`;
    const phone = `+849${r.int(10_000_000, 99_999_999)}`;
    for (let m = r.int(1, 5); m > 0; m--) people.push({ ...makePerson(r, startId + people.length, family, address, phone), addressKey: address });
  }
  return people;
}

/** Injects the errors real exports carry; returns a new record of the same person. */
function addNoise(r: Random, p: Person): Person {
  let name = p.name;
  let birthDate = p.birthDate;
  if (r.next() < 0.3) name = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  if (r.next() < 0.1) name = name.replace(/^Huỳnh/, 'Hoàng').replace(/^Võ/, 'Vũ');
  if (r.next() < 0.1) name = name.toUpperCase();
  if (r.next() < 0.12) {
    const words = name.split(' ');
    const given = words.pop() ?? '';
    const i = r.int(0, given.length - 1);
    words.push(given.length > 3 ? given.slice(0, i) + given.slice(i + 1) : `${given}h`);
    name = words.join(' ');
  }
  const [y, m, d] = birthDate.split('-');
  const roll = r.next();
  if (roll < 0.08 && Number(d) <= 12) birthDate = `${y}-${d}-${m}`;
  else if (roll < 0.13) birthDate = `${Number(y) + 1}-${m}-${d}`;
  else if (roll < 0.18) birthDate = String(y);
  return {
    ...p, name, birthDate,
    idHash: r.next() < 0.35 ? null : p.idHash,
    phone: r.next() < 0.3 ? null : p.phone,
  };
}

function toLinkage(p: Person): LinkagePerson {
  const n = normaliseName(p.name);
  if (!n.ok) throw new Error(p.name);
  return {
    nameKey: n.value.linkageKey, givenName: buildNameLinkageKey(n.value.given), familyName: buildNameLinkageKey(n.value.family),
    birthDate: p.birthDate, sex: p.sex, phone: p.phone, idHash: p.idHash, addressKey: p.addressKey,
  };
}

describe('linkage on a synthetic population', () => {
  const r = createRandom('linkage-population');
  const registry = makePopulation(r.fork('registry'), 700, 0);
  const linked = registry.map(toLinkage);
  const index = new Map<string, number[]>();
  linked.forEach((p, i) => buildBlockingKeys(p).forEach((k) => index.set(k, [...(index.get(k) ?? []), i])));

  const noise = r.fork('noise');
  const duplicates = registry.filter(() => noise.next() < 0.4).map((p) => ({ truth: p.id, record: addNoise(noise, p) }));
  const strangers = makePopulation(r.fork('new'), 150, 100_000).map((p) => ({ truth: null as number | null, record: p }));
  const joiners = strangers.slice(0, 60).map(({ record }, i) => {
    const host = registry[(i * 11) % registry.length] as Person;
    return { truth: null as number | null, record: { ...record, name: `${host.name.split(' ')[0]} ${record.name.split(' ').slice(1).join(' ')}`, addressKey: host.addressKey, phone: host.phone } };
  });
  const incoming = [...duplicates, ...strangers, ...joiners];

  const results = incoming.map(({ truth, record }) => {
    const candidate = toLinkage(record);
    const ids = new Set(buildBlockingKeys(candidate).flatMap((k) => index.get(k) ?? []));
    let best: { id: number; score: number; decision: string } | null = null;
    for (const i of ids) {
      const s = scorePair(candidate, linked[i] as LinkagePerson);
      if (best === null || s.score > best.score) best = { id: registry[i]?.id ?? -1, score: s.score, decision: s.decision };
    }
    return { truth, blocked: truth === null || [...ids].some((i) => registry[i]?.id === truth), best };
  });

  it('generates a population with Nguyễn near 38% and real duplicates', () => {
    const nguyen = registry.filter((p) => p.name.startsWith('Nguyễn')).length / registry.length;
    expect(nguyen).toBeGreaterThan(0.3);
    expect(nguyen).toBeLessThan(0.46);
    expect(duplicates.length).toBeGreaterThan(500);
  });

  it('keeps the true pair among the blocked candidates for ≥ 98% of duplicates', () => {
    const dups = results.filter((x) => x.truth !== null);
    expect(dups.filter((x) => x.blocked).length / dups.length).toBeGreaterThanOrEqual(0.98);
  });

  it('links with precision ≥ 99% and recall ≥ 90%, sending few to review', () => {
    const links = results.filter((x) => x.best?.decision === 'link');
    const correct = links.filter((x) => x.best?.id === x.truth).length;
    const dups = results.filter((x) => x.truth !== null).length;
    const reviews = results.filter((x) => x.best?.decision === 'review').length;
    const precision = correct / links.length;
    const recall = correct / dups;
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(reviews / results.length).toBeLessThan(0.1);
  });

  it('links ≥ 90% of the duplicates that carry no ID number, without errors', () => {
    const noId = results.filter((x, i) => x.truth !== null && incoming[i]?.record.idHash === null);
    const linkedRight = noId.filter((x) => x.best?.decision === 'link' && x.best.id === x.truth).length;
    const linkedWrong = noId.filter((x) => x.best?.decision === 'link' && x.best.id !== x.truth).length;
    expect(noId.length).toBeGreaterThan(200);
    expect(linkedRight / noId.length).toBeGreaterThanOrEqual(0.9);
    expect(linkedWrong).toBe(0);
  });

  it('never links a newcomer who joins an existing household', () => {
    const joinerResults = results.slice(duplicates.length + strangers.length);
    expect(joinerResults.filter((x) => x.best?.decision === 'link')).toEqual([]);
  });
});
