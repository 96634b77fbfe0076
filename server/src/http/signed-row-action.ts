import type { preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { signedBodySchema } from '@kezek/contracts';
import type { CommandContext } from '../context.ts';
import { commandContext } from './context.ts';
import { SIGNED_ACTION_PROBLEMS } from './responses.ts';
import { signedAction, type SignedAction } from './signed-action.ts';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/**
 * A signed action on the row that the path's `:id` names: who may call it, the row checked as
 * theirs before any signature work (the gate of signed-action.ts), the command, and what the
 * route answers after it.
 */
export interface SignedRowAction<Fields extends z.ZodType, Answer extends z.ZodType, Result> {
  path: string;
  summary: string;
  tags: string[];
  preHandler: preHandlerAsyncHookHandler;
  params: z.ZodType<{ id: string }>;
  action: string;
  fields: Fields;
  /** The caller's right to the row: throws (404) when it is not theirs to act on. */
  authorize(context: CommandContext, id: string): Promise<void>;
  command(
    context: CommandContext,
    id: string,
    signed: SignedAction<z.infer<Fields>>,
  ): Promise<Result>;
  answer: Answer;
  /** What the route answers once the command has run (the row as it is now, or what it made). */
  load(context: CommandContext, id: string, result: Result): Promise<z.infer<Answer>>;
  /** The action makes what is answered: 201 Created rather than 200. */
  creates?: boolean;
}

export function signedRowAction<Fields extends z.ZodType, Answer extends z.ZodType, Result>(
  app: ZodApp,
  route: SignedRowAction<Fields, Answer, Result>,
): void {
  const status = route.creates ? 201 : 200;
  // One of the two at run time; typed as both, so that the reply may send the answer with either.
  const answer: z.ZodType = route.answer;
  const answered = { [status]: answer } as Record<200 | 201, z.ZodType>;
  app.post(
    route.path,
    {
      preHandler: route.preHandler,
      schema: {
        tags: route.tags,
        summary: route.summary,
        params: route.params,
        body: signedBodySchema,
        response: { ...answered, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const { id } = request.params;
      const result = await signedAction(
        request,
        request.body.cms,
        {
          action: route.action,
          fields: route.fields,
          authorize: () => route.authorize(context, id),
        },
        (signed) => route.command(context, id, signed),
      );
      return reply.code(status).send(await route.load(context, id, result));
    },
  );
}
