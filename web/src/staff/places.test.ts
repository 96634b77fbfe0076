import { describe, expect, it } from 'vitest';
import { createPlacesSchema } from '@kezek/contracts';
import type { Kindergarten, User } from '../api/types.ts';
import { issueMessage } from '../forms/validation.tsx';
import {
  COUNT_BOUNDS,
  canAddPlaces,
  NO_PLACE_FILTERS,
  initialAddPlacesValues,
  kindergartensInView,
  kindergartensToAddFor,
  placeQuery,
  toCreatePlacesInput,
  withKindergarten,
  type AddPlacesValues,
} from './places.ts';

const kindergarten = (id: number, districtId: number, languages: Kindergarten['languages']) =>
  ({
    id,
    districtId,
    languages,
    name: { kk: `№ ${id}`, ru: `№ ${id}` },
    type: 'state',
    address: '',
    lat: null,
    lon: null,
    phone: null,
    website: null,
  }) satisfies Kindergarten;

const one = kindergarten(1, 10, ['kk']);
const seven = kindergarten(7, 10, ['kk', 'ru']);
const nine = kindergarten(9, 20, ['ru']);
const all = [one, seven, nine];

const user = (roles: User['roles'], kindergartenIds: number[] = [], districtIds: number[] = []) =>
  ({
    iin: '870514430032',
    fullName: 'X',
    roles,
    email: null,
    phone: null,
    kindergartenIds,
    districtIds,
  }) satisfies User;

const ids = (items: Kindergarten[]) => items.map((item) => item.id);

describe('who adds and sees places', () => {
  it.each([
    { who: 'staff', account: user(['staff'], [1, 7]), add: [1, 7], view: [1, 7], canAdd: true },
    { who: 'an officer', account: user(['officer'], [], [20]), add: [], view: [9], canAdd: false },
    {
      who: 'an administrator',
      account: user(['admin']),
      add: [1, 7, 9],
      view: [1, 7, 9],
      canAdd: true,
    },
    {
      who: 'staff who is an officer too',
      account: user(['staff', 'officer'], [1], [20]),
      add: [1],
      view: [1, 9],
      canAdd: true,
    },
    { who: 'an applicant', account: user(['applicant']), add: [], view: [], canAdd: false },
    { who: 'nobody', account: null, add: [], view: [], canAdd: false },
  ])('$who', ({ account, add, view, canAdd }) => {
    expect(ids(kindergartensToAddFor(account, all))).toEqual(add);
    expect(ids(kindergartensInView(account, all))).toEqual(view);
    expect(canAddPlaces(account)).toBe(canAdd);
  });
});

describe('the add-places form', () => {
  it('preselects the only kindergarten and its only language', () => {
    expect(initialAddPlacesValues([one])).toEqual({
      kindergartenId: '1',
      groupYear: '',
      language: 'kk',
      count: '',
    });
    expect(initialAddPlacesValues([seven])).toMatchObject({ kindergartenId: '7', language: '' });
    expect(initialAddPlacesValues([one, seven])).toMatchObject({
      kindergartenId: '',
      language: '',
    });
  });

  it('clears what the newly chosen kindergarten does not offer', () => {
    const values: AddPlacesValues = {
      kindergartenId: '7',
      groupYear: '2021',
      language: 'ru',
      count: 3,
    };
    expect(withKindergarten(values, one, [2020, 2021])).toEqual({
      kindergartenId: '1',
      groupYear: '2021',
      language: 'kk',
      count: 3,
    });
    expect(withKindergarten(values, nine, [2022, 2023])).toMatchObject({
      language: 'ru',
      groupYear: '',
    });
    // The new kindergarten's years are not known yet: no year is kept that it may not offer.
    expect(withKindergarten(values, nine, undefined).groupYear).toBe('');
    expect(withKindergarten(values, undefined, undefined)).toMatchObject({
      kindergartenId: '',
      language: '',
    });
  });

  const complete: AddPlacesValues = {
    kindergartenId: '7',
    groupYear: '2022',
    language: 'ru',
    count: 5,
  };

  it('sends what the contract expects', () => {
    expect(createPlacesSchema.parse(toCreatePlacesInput(complete))).toEqual({
      kindergartenId: 7,
      groupYear: 2022,
      language: 'ru',
      count: 5,
    });
  });

  it.each([
    { change: { count: '' }, path: 'count', message: { key: 'validation.required' } },
    {
      change: { count: 0 },
      path: 'count',
      message: { key: 'validation.numberMin', values: { min: COUNT_BOUNDS.min } },
    },
    {
      change: { count: COUNT_BOUNDS.max + 1 },
      path: 'count',
      message: { key: 'validation.numberMax', values: { max: COUNT_BOUNDS.max } },
    },
    { change: { count: 2.5 }, path: 'count', message: { key: 'validation.integer' } },
    {
      change: { kindergartenId: '' },
      path: 'kindergartenId',
      message: { key: 'validation.required' },
    },
    { change: { groupYear: '' }, path: 'groupYear', message: { key: 'validation.required' } },
    { change: { language: '' }, path: 'language', message: { key: 'validation.required' } },
  ])('says $message.key for $path = $change', ({ change, path, message }) => {
    const result = createPlacesSchema.safeParse(toCreatePlacesInput({ ...complete, ...change }), {
      reportInput: true,
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([path]);
    expect(issueMessage(issues[0]!)).toEqual(message);
  });

  it('takes its bounds from the contract', () => {
    expect(COUNT_BOUNDS).toEqual({ min: 1, max: 500 });
  });
});

describe('the list filters', () => {
  it('send nothing when nothing is chosen', () => {
    expect(Object.values(placeQuery(NO_PLACE_FILTERS)).filter((v) => v !== undefined)).toEqual([]);
  });

  it('send each chosen filter as the API takes it', () => {
    expect(
      placeQuery({
        kindergartenId: '7',
        groupYear: ' 2022 ',
        language: 'ru',
        type: 'state',
        state: 'free_choice',
        addedFrom: '2026-03-01',
        addedTo: '2026-03-31',
      }),
    ).toEqual({
      kindergartenId: 7,
      groupYear: 2022,
      language: 'ru',
      type: 'state',
      state: 'free_choice',
      addedFrom: '2026-03-01',
      addedTo: '2026-03-31',
    });
  });

  it.each(['2', '202', '20222', 'abcd'])('waits for a whole group year, not %s', (groupYear) => {
    expect(placeQuery({ ...NO_PLACE_FILTERS, groupYear }).groupYear).toBeUndefined();
  });
});
