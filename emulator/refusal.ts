import { RequestContext } from './http';
import { HandledPage, ReportFlavour } from './report';

/** Who asked, once their token names them; every answer after authentication carries it. */
export interface Requester {
  tenantId?: string;
  clientId?: string;
}

/** A request a report API refuses with its own code and message; thrown, then answered by `answerRefusals`. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

/** Runs a report handler; a Refusal it throws becomes the API's error body, with the requester once known. */
export async function answerRefusals(
  ctx: RequestContext,
  flavour: ReportFlavour,
  who: Requester,
  serve: () => Promise<HandledPage>
): Promise<HandledPage> {
  try {
    return await serve();
  } catch (error) {
    if (error instanceof Refusal) {
      return { status: flavour.sendError(ctx, error.status, error.code, error.message), ...who };
    }
    throw error;
  }
}
