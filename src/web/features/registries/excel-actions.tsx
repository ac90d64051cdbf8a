// Excel on a registry's list: the import template, the export of what the list shows (its
// filters, masked by the server), and the import dialog with its result and error file.
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  Dropdown,
  Modal,
  Progress,
  Radio,
  Space,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import type { RegistryDef } from '#shared/registries/types.ts';
import { type Query, withQuery } from '../../lib/api-client.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { errorText } from '../../lib/show-error.ts';
import { type ImportJob, registryKeys, registryPath, useImport, useImportJob } from './api.ts';
import { m } from './messages.ts';

export function ExcelActions({
  def,
  query,
  canManage,
}: {
  def: RegistryDef;
  query: Query;
  canManage: boolean;
}) {
  const { t } = useI18n();
  const [importing, setImporting] = useState(false);
  const { page: _p, pageSize: _s, ...filters } = query;
  const items = [
    {
      key: 'template',
      icon: <DownloadOutlined />,
      label: (
        <a href={`${registryPath(def.key)}/template`} download data-testid="download-template">
          {t(m.template)}
        </a>
      ),
    },
    {
      key: 'export',
      icon: <DownloadOutlined />,
      label: (
        <a href={withQuery(`${registryPath(def.key)}/export`, filters)} download data-testid="export">
          {t(m.export)}
        </a>
      ),
    },
  ];
  return (
    <>
      <Space.Compact>
        {canManage ? (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="open-import">
            {t(m.import)}
          </Button>
        ) : null}
        <Dropdown menu={{ items }} trigger={['click']}>
          <Button icon={<FileExcelOutlined />} data-testid="excel-menu">
            {t(m.excel)}
          </Button>
        </Dropdown>
      </Space.Compact>
      <ImportModal def={def} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

function ImportModal({ def, open, onClose }: { def: RegistryDef; open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'all' | 'valid'>('all');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useImport(def.key);
  const polled = useImportJob(def.key, job);
  const current = job ? (polled.data ?? job) : null;
  const running = run.isPending || current?.status === 'running';
  const result = current?.status === 'done' ? current.result : null;
  const queryClient = useQueryClient();
  const finished = current && current.status !== 'running';
  useEffect(() => {
    if (!finished) return;
    // The list behind the dialog shows what was imported.
    void queryClient.invalidateQueries({ queryKey: registryKeys.of(def.key) });
    if (current?.status === 'failed') setError(current.error ?? t(m.importFailed));
  }, [finished, current?.status, current?.error, def.key, queryClient, t]);

  const reset = () => {
    setFile(null);
    setJob(null);
    setError(null);
  };
  const close = () => {
    reset();
    onClose();
  };
  const start = () => {
    if (!file) {
      setError(t(m.noFile));
      return;
    }
    setError(null);
    run.mutate(
      { file, mode },
      {
        onSuccess: (j) => setJob(j),
        onError: (err) => setError(errorText(err)),
      },
    );
  };

  const shownErrors = result?.errors.slice(0, 20) ?? [];
  return (
    <Modal
      open={open}
      title={t(m.importTitle, { label: def.label[lang] })}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={
        result ? (
          <Space>
            <Button onClick={reset} data-testid="import-again">
              {t(m.importAgain)}
            </Button>
            <Button type="primary" onClick={close} data-testid="import-close">
              {t(m.close)}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={close}>{t(m.close)}</Button>
            <Button type="primary" loading={running} onClick={start} data-testid="start-import">
              {running ? t(m.importing) : t(m.startImport)}
            </Button>
          </Space>
        )
      }
    >
      {!result ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(m.importHint)}{' '}
            <a href={`${registryPath(def.key)}/template`} download>
              {t(m.template)}
            </a>
          </Typography.Paragraph>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="choose-file">
              {t(m.chooseFile)}
            </Button>
          </Upload>
          <div>
            <Typography.Text strong>{t(m.mode)}</Typography.Text>
            <Radio.Group
              style={{ display: 'flex', flexDirection: 'column', marginTop: 8 }}
              value={mode}
              onChange={(e) => setMode(e.target.value)}
              options={[
                { value: 'all', label: t(m.modeAll) },
                { value: 'valid', label: <span data-testid="mode-valid">{t(m.modeValid)}</span> },
              ]}
            />
          </div>
          {current?.status === 'running' ? <ImportProgress job={current} /> : null}
          {error ? <Alert type="error" showIcon message={error} data-testid="import-error" /> : null}
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="import-result">
          <Alert
            showIcon
            type={result.refused === 0 ? 'success' : result.imported ? 'warning' : 'error'}
            message={
              result.refused === 0
                ? t(m.importDone)
                : result.imported
                  ? t(m.importPartial)
                  : t(m.importRefused)
            }
          />
          <Descriptions size="small" bordered column={5} layout="vertical">
            <Descriptions.Item label={t(m.total)}>
              <span data-testid="count-total">{result.total}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t(m.createdN)}>
              <span data-testid="count-created">{result.created}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t(m.updatedN)}>
              <span data-testid="count-updated">{result.updated}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t(m.unchangedN)}>
              <span data-testid="count-unchanged">{result.unchanged}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t(m.refusedN)}>
              <span data-testid="count-refused">{result.refused}</span>
            </Descriptions.Item>
          </Descriptions>
          {result.warnings.map((w) => (
            <Alert key={w} type="info" message={w} />
          ))}
          {shownErrors.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="import-errors">
              {shownErrors.map((e) => (
                <li key={e.row}>
                  <Typography.Text type="danger">
                    {t(m.rowErrors, { row: e.row, messages: e.messages.join('；') })}
                  </Typography.Text>
                </li>
              ))}
              {result.refused > shownErrors.length ? (
                <li>{t(m.moreErrors, { n: result.refused - shownErrors.length })}</li>
              ) : null}
            </ul>
          ) : null}
          {result.errorFileId ? (
            <Button
              icon={<DownloadOutlined />}
              href={`${registryPath(def.key)}/import-results/${result.errorFileId}`}
              download
              data-testid="download-errors"
            >
              {t(m.downloadErrors)}
            </Button>
          ) : null}
        </Space>
      )}
    </Modal>
  );
}

/** Where a running import is: rows read (the total is known once the file is read), then written. */
function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const writing = job.phase === 'writing' && job.rowsToWrite;
  // Reading and checking fill the first half of the bar, writing the second.
  const percent = writing
    ? 50 + Math.floor((50 * job.rowsWritten) / (job.rowsToWrite || 1))
    : job.phase === 'checking'
      ? 50
      : job.rowsTotal
        ? Math.floor((50 * job.rowsRead) / job.rowsTotal)
        : Math.min(45, Math.floor(job.rowsRead / 2000));
  const label = writing
    ? t(m.phaseWriting, { done: job.rowsWritten, total: job.rowsToWrite ?? 0 })
    : job.phase === 'checking'
      ? t(m.phaseChecking, { n: job.rowsTotal ?? job.rowsRead })
      : t(m.phaseReading, { n: job.rowsRead });
  return (
    <div data-testid="import-progress">
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary" data-testid="import-progress-text">
        {label}
      </Typography.Text>
    </div>
  );
}
