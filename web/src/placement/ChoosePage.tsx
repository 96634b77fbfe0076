import { Alert, Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHOOSE_ACTIONS, type KindergartenType } from '@kezek/domain';
import { applicationKeys, useApplication } from '../api/applications.ts';
import { ApiError } from '../api/errors.ts';
import {
  chooseDirection,
  directionKeys,
  isFreeChoiceRequest,
  useOffers,
  usePublicConfig,
  type Offer,
} from '../api/directions.ts';
import { signAction } from '../eds/signer.ts';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, Loading, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { KindergartenMap, type MapPoint } from './KindergartenMap.tsx';

/** The kindergarten type a choose page is for, from its path (`/choose/state` …). */
export function chooseType(value: unknown): KindergartenType | undefined {
  return (Object.keys(CHOOSE_ACTIONS) as KindergartenType[]).find((type) => type === value);
}

/**
 * Before the private places, the warning that the queue number is lost (docs/rules.md, "Choice and
 * directions").
 */
function PrivateWarning({ onOk, onCancel }: { onOk: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onCancel} title={t('placement.choose.privateWarning.title')} size="lg">
      <Stack>
        <Text>{t('placement.choose.privateWarning.text')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('placement.choose.privateWarning.cancel')}
          </Button>
          <Button onClick={onOk}>{t('placement.choose.privateWarning.ok')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function OffersTable({
  offers,
  selected,
  onSelect,
  busy,
}: {
  offers: Offer[];
  selected: string | null;
  onSelect: (id: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder aria-busy={busy}>
        <TableHeading>{t('placement.choose.listTitle')}</TableHeading>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('placement.choose.select')}</Table.Th>
            <Table.Th scope="col">{t('placement.choose.kindergarten')}</Table.Th>
            <Table.Th scope="col">{t('placement.choose.address')}</Table.Th>
            <Table.Th scope="col">{t('placement.choose.language')}</Table.Th>
            <Table.Th scope="col">{t('placement.choose.free')}</Table.Th>
            <Table.Th scope="col">{t('placement.choose.mode')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.length === 0 ? (
            <EmptyRow colSpan={6}>{t('placement.choose.none')}</EmptyRow>
          ) : (
            offers.map((offer) => {
              const name = kindergartenName(offer.kindergarten.name, lng);
              return (
                <Table.Tr key={offer.placeId}>
                  <Table.Td>
                    <Radio
                      name="place"
                      value={offer.placeId}
                      checked={selected === offer.placeId}
                      onChange={() => onSelect(offer.placeId)}
                      aria-label={t('placement.choose.pick', { name })}
                    />
                  </Table.Td>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>{offer.kindergarten.address}</Table.Td>
                  <Table.Td>{t(`language.${offer.language}`)}</Table.Td>
                  <Table.Td>{offer.free}</Table.Td>
                  <Table.Td>
                    {offer.decideAt
                      ? t('placement.choose.modes.batched', {
                          at: formatDateTime(offer.decideAt),
                        })
                      : t(`placement.choose.modes.${offer.mode}`)}
                  </Table.Td>
                </Table.Tr>
              );
            })
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChooseScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = useParams({ from: '/applicant/applications/$id/choose/$type' });
  const type = chooseType(params.type);
  const application = useApplication(params.id);
  const offers = useOffers(params.id);
  const config = usePublicConfig();
  const [warned, setWarned] = useState(type !== 'private');
  const [selected, setSelected] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);

  const shown = useMemo(
    () => (offers.data?.items ?? []).filter((offer) => offer.kindergarten.type === type),
    [offers.data, type],
  );
  const points = useMemo<MapPoint[]>(
    () =>
      shown.flatMap((offer) =>
        offer.kindergarten.lat !== null && offer.kindergarten.lon !== null
          ? [
              {
                id: offer.placeId,
                name: kindergartenName(offer.kindergarten.name, lng),
                lat: offer.kindergarten.lat,
                lon: offer.kindergarten.lon,
              },
            ]
          : [],
      ),
    [shown, lng],
  );
  const choice = shown.find((offer) => offer.placeId === selected) ?? null;

  const send = useMutation({
    mutationFn: async (offer: Offer) =>
      chooseDirection(
        params.id,
        await signAction('direction.choose', { applicationId: params.id, placeId: offer.placeId }),
      ),
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: applicationKeys.all });
      if (isFreeChoiceRequest(answer)) {
        // Batched free choice: the request is registered, decided at its round's end.
        notifySuccess(t('placement.choose.requested', { at: formatDateTime(answer.decideAt) }));
        void navigate({ to: '/applicant/applications/$id', params: { id: params.id } });
        return;
      }
      const direction = answer;
      notifySuccess(t('placement.choose.issued', { number: direction.number }));
      void navigate({
        to: '/applicant/applications/$id',
        params: { id: params.id },
        search: { tab: 'documents' },
      });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'place_taken') {
        setSelected(null);
        void queryClient.invalidateQueries({ queryKey: directionKeys.offers(params.id) });
      }
    },
  });

  if (!type) return <ProblemAlert error={new ApiError({ status: 404, code: 'not_found' })} />;
  if (application.isPending || offers.isPending) return <Loading />;
  if (!application.data) {
    return <ProblemAlert error={application.error ?? offers.error} />;
  }
  const data = application.data;
  const back = (
    <AnchorLink to="/applicant/applications/$id" params={{ id: params.id }}>
      {t('placement.choose.back')}
    </AnchorLink>
  );
  if (!warned) {
    return (
      <Stack>
        {back}
        <PrivateWarning
          onOk={() => setWarned(true)}
          onCancel={() =>
            void navigate({ to: '/applicant/applications/$id', params: { id: params.id } })
          }
        />
      </Stack>
    );
  }
  const taken = send.error instanceof ApiError && send.error.code === 'place_taken';

  return (
    <Stack gap="lg">
      {back}
      <PageTitle
        description={t('placement.choose.lead', {
          number: data.number,
          child: data.child.fullName,
          year: data.groupYear,
        })}
      >
        {t(`placement.choose.title.${type}`)}
      </PageTitle>
      {data.status === 'turn' && data.turnUntil ? (
        <Alert color="blue" variant="light" title={t('placement.turnNotice.title')}>
          {t('placement.turnNotice.text', { until: formatDateTime(data.turnUntil) })}
        </Alert>
      ) : null}
      <Alert color="yellow" variant="light">
        {t('placement.choose.attention')}
      </Alert>
      {shown.some((offer) => offer.decideAt) ? (
        <Alert color="blue" variant="light" title={t('placement.choose.batched.title')}>
          {t('placement.choose.batched.text')}
        </Alert>
      ) : null}
      <ProblemAlert error={offers.error} />
      <ActionFailed error={send.error}>
        {taken ? t('placement.choose.taken') : undefined}
      </ActionFailed>
      {config.data?.mapTiles && points.length > 0 ? (
        <KindergartenMap
          tiles={config.data.mapTiles}
          points={points}
          selected={selected}
          onSelect={(id) => {
            setSelected(id);
            setMissing(false);
          }}
        />
      ) : null}
      <OffersTable
        offers={shown}
        selected={selected}
        onSelect={(id) => {
          setSelected(id);
          setMissing(false);
        }}
        busy={offers.isFetching}
      />
      {missing ? (
        <Text c="red.9" role="alert">
          {t('placement.choose.pickFirst')}
        </Text>
      ) : null}
      <Group justify="flex-end">
        <Button
          size="md"
          disabled={shown.length === 0}
          loading={send.isPending}
          onClick={() => (choice ? setConfirming(true) : setMissing(true))}
        >
          {t('placement.choose.signAndSend')}
        </Button>
      </Group>
      <Modal
        opened={confirming && choice !== null}
        onClose={() => setConfirming(false)}
        title={t('placement.choose.confirmTitle')}
      >
        {choice ? (
          <Stack>
            <Text>
              {t(
                choice.decideAt
                  ? 'placement.choose.confirmRequest'
                  : 'placement.choose.confirmText',
                {
                  name: kindergartenName(choice.kindergarten.name, lng),
                  language: t(`language.${choice.language}`),
                  at: choice.decideAt ? formatDateTime(choice.decideAt) : '',
                },
              )}
            </Text>
            {type === 'private' ? <Text>{t('placement.direction.privateRule')}</Text> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                onClick={() => {
                  // The dialog closes first: the key-file dialog then has the screen to itself.
                  setConfirming(false);
                  send.mutate(choice);
                }}
              >
                {t('placement.choose.signAndSend')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}

/**
 * Choosing a kindergarten of one type and signing the choice (docs/rules.md, "Choice and
 * directions").
 */
export function ChoosePage() {
  return (
    <RequireRole roles={['applicant']}>
      <ChooseScreen />
    </RequireRole>
  );
}
